//! The sanitizer's tests: each allowed shape, each refused one, and the bounds.

use super::*;

fn el(tag: &str, attrs: &[(&str, &str)], children: Vec<RawNode>) -> RawNode {
    RawNode::Element {
        tag: tag.into(),
        attrs: attrs
            .iter()
            .map(|(n, v)| ((*n).into(), (*v).into()))
            .collect(),
        children,
    }
}

fn text(s: &str) -> RawNode {
    RawNode::Text(s.into())
}

fn t(s: &str) -> SafeNode {
    SafeNode::Text(s.into())
}

fn hosts() -> Vec<String> {
    vec!["acme.zendesk.com".into(), "*.zdusercontent.com".into()]
}

fn one(node: RawNode) -> Vec<SafeNode> {
    sanitize(&[node], &hosts())
}

#[test]
fn formatting_survives() {
    let got = one(el(
        "p",
        &[("class", "x"), ("style", "color:red")],
        vec![
            el("b", &[], vec![text("bold")]),
            el("strong", &[], vec![text("strong")]),
            el("i", &[], vec![text("it")]),
            el("em", &[], vec![text("em")]),
            el("u", &[], vec![text("u")]),
            el("code", &[], vec![text("c")]),
            el("br", &[], vec![]),
        ],
    ));
    assert_eq!(
        got,
        vec![SafeNode::Paragraph(vec![
            SafeNode::Bold(vec![t("bold")]),
            SafeNode::Bold(vec![t("strong")]),
            SafeNode::Italic(vec![t("it")]),
            SafeNode::Italic(vec![t("em")]),
            SafeNode::Underline(vec![t("u")]),
            SafeNode::Code(vec![t("c")]),
            SafeNode::LineBreak,
        ])]
    );
}

#[test]
fn blocks_pre_quote_and_headings() {
    let got = sanitize(
        &[
            el("pre", &[], vec![text("  x\n y")]),
            el("blockquote", &[], vec![el("p", &[], vec![text("q")])]),
            el("h1", &[], vec![text("a")]),
            el("h3", &[], vec![text("b")]),
            el("h6", &[], vec![text("c")]),
        ],
        &hosts(),
    );
    let h = |level, s| SafeNode::Heading {
        level,
        children: vec![t(s)],
    };
    assert_eq!(
        got,
        vec![
            SafeNode::Preformatted(vec![t("  x\n y")]),
            SafeNode::Blockquote(vec![SafeNode::Paragraph(vec![t("q")])]),
            h(4, "a"),
            h(6, "b"),
            h(6, "c"),
        ]
    );
}

#[test]
fn lists_keep_items_and_start() {
    let got = one(el(
        "ol",
        &[("start", "3"), ("onclick", "x()")],
        vec![
            text("\n  "),
            el("li", &[("id", "i")], vec![text("one")]),
            el("li", &[], vec![text("two")]),
            text("stray"),
        ],
    ));
    assert_eq!(
        got,
        vec![SafeNode::List {
            ordered: true,
            start: Some(3),
            items: vec![vec![t("one")], vec![t("two")], vec![t("stray")]],
        }]
    );
    let got = one(el("ul", &[("start", "3")], vec![el("li", &[], vec![])]));
    assert_eq!(
        got,
        vec![SafeNode::List {
            ordered: false,
            start: None,
            items: vec![vec![]],
        }]
    );
}

#[test]
fn dangerous_subtrees_are_dropped() {
    for tag in [
        "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
        "form", "input", "textarea", "select", "button", "meta", "base", "link", "SCRIPT",
    ] {
        let got = one(el(tag, &[], vec![text("alert(1)"), el("p", &[], vec![])]));
        assert_eq!(got, vec![], "{tag}");
    }
}

#[test]
fn unknown_elements_are_unwrapped() {
    let got = one(el(
        "span",
        &[("onclick", "x()")],
        vec![
            text("a"),
            el("font", &[], vec![el("em", &[], vec![text("b")])]),
            el("script", &[], vec![text("c")]),
        ],
    ));
    assert_eq!(got, vec![t("a"), SafeNode::Italic(vec![t("b")])]);
}

#[test]
fn divs_become_paragraphs_unless_they_hold_blocks() {
    let got = one(el(
        "div",
        &[("class", "zd-comment")],
        vec![
            el("p", &[], vec![text("a")]),
            el("div", &[], vec![text("b")]),
        ],
    ));
    assert_eq!(
        got,
        vec![
            SafeNode::Paragraph(vec![t("a")]),
            SafeNode::Paragraph(vec![t("b")]),
        ]
    );
}

#[test]
fn links_only_to_allowed_schemes() {
    let link = |href: &str| one(el("a", &[("href", href)], vec![text("x")]));
    for good in [
        "https://example.com/a?b#c",
        "HTTP://example.com",
        "  https://example.com  ",
        "mailto:a@example.com",
        "TEL:+1555",
    ] {
        assert!(
            matches!(link(good).as_slice(), [SafeNode::Link { .. }]),
            "{good}"
        );
    }
    for bad in [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u{0}javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "https:\tevil",
        "http://",
        "https:/evil.example",
        "//evil.example",
        "/relative",
        "relative",
        "#frag",
        "",
        "https://exa\nmple.com",
    ] {
        assert_eq!(link(bad), vec![t("x")], "{bad:?} keeps only the text");
    }
}

#[test]
fn link_keeps_title_but_no_other_attribute() {
    let got = one(el(
        "a",
        &[
            ("href", " https://e.example/ "),
            ("title", "T"),
            ("onclick", "x()"),
            ("target", "_self"),
        ],
        vec![text("x")],
    ));
    assert_eq!(
        got,
        vec![SafeNode::Link {
            href: "https://e.example/".into(),
            title: Some("T".into()),
            children: vec![t("x")],
        }]
    );
    assert_eq!(one(el("a", &[], vec![text("x")])), vec![t("x")]);
}

#[test]
fn images_only_https_from_allowed_hosts() {
    let img = |src: &str| one(el("img", &[("src", src), ("alt", "pic")], vec![]));
    for good in [
        "https://acme.zendesk.com/a.png",
        "HTTPS://ACME.zendesk.com:443/a.png",
        "https://p1.zdusercontent.com/x?y",
        "https://a.b.zdusercontent.com/x",
    ] {
        assert_eq!(
            img(good),
            vec![SafeNode::Image {
                src: good.into(),
                alt: "pic".into(),
                title: None,
            }],
            "{good}"
        );
    }
    for bad in [
        "http://acme.zendesk.com/a.png",
        "https://evil.example/a.png",
        "https://zdusercontent.com/a.png",
        "https://evilzdusercontent.com/a.png",
        "https://acme.zendesk.com.evil.example/a.png",
        "https://acme.zendesk.com@evil.example/a.png",
        "https://acme.zendesk.com:x@evil.example/",
        "https://%61cme.zendesk.com/a.png",
        "data:image/png;base64,AAAA",
        "//acme.zendesk.com/a.png",
        "/a.png",
        "x",
        "javascript:alert(1)",
    ] {
        assert_eq!(img(bad), vec![t("pic")], "{bad}: refused, alt kept as text");
    }
    assert_eq!(one(el("img", &[("src", "x")], vec![])), vec![]);
}

#[test]
fn depth_is_bounded() {
    let mut node = text("deep");
    for _ in 0..200 {
        node = el("blockquote", &[], vec![node]);
    }
    fn depth(nodes: &[SafeNode]) -> usize {
        nodes
            .iter()
            .map(|n| match n {
                SafeNode::Blockquote(c) => 1 + depth(c),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let got = one(node);
    assert_eq!(depth(&got), MAX_DEPTH);
    assert!(!is_empty(&got));
}

#[test]
fn emptiness() {
    assert!(is_empty(&[]));
    assert!(is_empty(&[
        SafeNode::Paragraph(vec![t(" \u{a0}\n"), SafeNode::LineBreak]),
        SafeNode::List {
            ordered: false,
            start: None,
            items: vec![vec![]],
        },
    ]));
    assert!(!is_empty(&[SafeNode::Bold(vec![t("x")])]));
    assert!(!is_empty(&[SafeNode::Image {
        src: "https://acme.zendesk.com/a".into(),
        alt: String::new(),
        title: None,
    }]));
    // Everything dropped: the caller falls back to plain_body.
    assert!(is_empty(&one(el("script", &[], vec![text("alert(1)")]))));
}

#[test]
fn plain_keeps_line_breaks() {
    assert_eq!(
        from_plain("a\r\nb\n\nc"),
        vec![SafeNode::Paragraph(vec![
            t("a"),
            SafeNode::LineBreak,
            t("b"),
            SafeNode::LineBreak,
            SafeNode::LineBreak,
            t("c"),
        ])]
    );
}
