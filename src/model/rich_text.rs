//! Agent comment HTML (`html_body`) made safe: a parsed tree in, only allowlisted shapes out.
//!
//! The browser parses the HTML inertly (`ui::rich_text::parse`, `DOMParser`) into [`RawNode`]s;
//! [`sanitize`] rebuilds them as [`SafeNode`]s, a type that can only describe what the widget
//! is willing to render. Nothing is ever serialised back to an HTML string, so the parser's
//! quirks (mutation XSS) cannot turn inert markup into live markup.

/// A node as the browser's parser produced it, before any checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawNode {
    /// An element: lowercase tag name, attributes as written (names lowercase), children.
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
        children: Vec<RawNode>,
    },
    /// A text node, entities already decoded.
    Text(String),
}

/// One of the shapes the widget renders; every URL in it has been checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SafeNode {
    /// Text, inserted as a text node only.
    Text(String),
    /// `<br>`.
    LineBreak,
    /// `<p>`; also what `div`-like containers become when they hold only inline content.
    Paragraph(Vec<SafeNode>),
    /// `<h4>`–`<h6>`: agent headings shifted below the widget's own.
    Heading { level: u8, children: Vec<SafeNode> },
    /// `<strong>` (from `b` or `strong`).
    Bold(Vec<SafeNode>),
    /// `<em>` (from `i` or `em`).
    Italic(Vec<SafeNode>),
    /// `<u>`.
    Underline(Vec<SafeNode>),
    /// Inline `<code>`.
    Code(Vec<SafeNode>),
    /// `<pre>`.
    Preformatted(Vec<SafeNode>),
    /// `<blockquote>`.
    Blockquote(Vec<SafeNode>),
    /// `<ul>` or `<ol start>`, each item the content of one `<li>`.
    List {
        ordered: bool,
        start: Option<u32>,
        items: Vec<Vec<SafeNode>>,
    },
    /// `<a>` to an http, https, mailto or tel URL; rendered with `rel` and `target` fixed.
    Link {
        href: String,
        title: Option<String>,
        children: Vec<SafeNode>,
    },
    /// `<img>` from an https URL on an allowed host.
    Image {
        src: String,
        alt: String,
        title: Option<String>,
    },
}

/// Elements dropped with everything inside them: active content, forms, and raw-text elements
/// whose "text" is markup nobody meant to show.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "form",
    "input",
    "textarea",
    "select",
    "option",
    "optgroup",
    "datalist",
    "button",
    "meta",
    "link",
    "base",
    "head",
    "title",
    "audio",
    "video",
    "canvas",
    "source",
    "track",
    "param",
    "portal",
    "dialog",
];

/// Block containers other than the ones with a shape of their own: kept as paragraph breaks.
const BLOCKS: &[&str] = &[
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "address",
    "figure",
    "figcaption",
    "center",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "details",
    "summary",
    "hr",
];

/// Below this depth elements are unwrapped, so the rendered tree (and its recursion) stays shallow.
const MAX_DEPTH: usize = 32;

/// Rebuilds `nodes` from the allowlist. Images are kept only from https URLs whose host matches
/// one of `image_hosts` (`acme.zendesk.com`, or `*.zdusercontent.com` for any subdomain).
pub fn sanitize(nodes: &[RawNode], image_hosts: &[String]) -> Vec<SafeNode> {
    let mut out = Vec::new();
    for node in nodes {
        convert(node, image_hosts, 0, &mut out);
    }
    out
}

/// True when `nodes` show nothing: only whitespace and line breaks, no image.
pub fn is_empty(nodes: &[SafeNode]) -> bool {
    nodes.iter().all(|node| match node {
        SafeNode::Text(text) => text.trim().is_empty(),
        SafeNode::LineBreak => true,
        SafeNode::Image { .. } => false,
        SafeNode::List { items, .. } => items.iter().all(|item| is_empty(item)),
        SafeNode::Paragraph(c)
        | SafeNode::Heading { children: c, .. }
        | SafeNode::Bold(c)
        | SafeNode::Italic(c)
        | SafeNode::Underline(c)
        | SafeNode::Code(c)
        | SafeNode::Preformatted(c)
        | SafeNode::Blockquote(c)
        | SafeNode::Link { children: c, .. } => is_empty(c),
    })
}

/// `plain_body` as one paragraph, its line breaks kept.
pub fn from_plain(text: &str) -> Vec<SafeNode> {
    let mut children = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            children.push(SafeNode::LineBreak);
        }
        if !line.is_empty() {
            children.push(SafeNode::Text(line.to_owned()));
        }
    }
    vec![SafeNode::Paragraph(children)]
}

fn convert(node: &RawNode, hosts: &[String], depth: usize, out: &mut Vec<SafeNode>) {
    let (tag, attrs, children) = match node {
        RawNode::Text(text) => return out.push(SafeNode::Text(text.clone())),
        RawNode::Element {
            tag,
            attrs,
            children,
        } => (tag.to_ascii_lowercase(), attrs, children),
    };
    let tag = tag.as_str();
    if DROPPED.contains(&tag) {
        return;
    }
    let attr = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    // Void elements first: they have no children and no depth.
    match tag {
        "br" => return out.push(SafeNode::LineBreak),
        "img" => {
            let alt = attr("alt").unwrap_or_default().to_owned();
            match attr("src").and_then(|src| safe_image_src(src, hosts)) {
                Some(src) => out.push(SafeNode::Image {
                    src,
                    alt,
                    title: attr("title").map(str::to_owned),
                }),
                // The picture is refused, but what it said is kept.
                None if !alt.trim().is_empty() => out.push(SafeNode::Text(alt)),
                None => {}
            }
            return;
        }
        _ => {}
    }
    let inner = |out: &mut Vec<SafeNode>| {
        for child in children {
            convert(child, hosts, depth + 1, out);
        }
    };
    if depth >= MAX_DEPTH {
        return inner(out);
    }
    let wrap = |make: fn(Vec<SafeNode>) -> SafeNode, out: &mut Vec<SafeNode>| {
        let mut kids = Vec::new();
        inner(&mut kids);
        if !kids.is_empty() {
            out.push(make(kids));
        }
    };
    match tag {
        "p" => wrap(SafeNode::Paragraph, out),
        "b" | "strong" => wrap(SafeNode::Bold, out),
        "i" | "em" => wrap(SafeNode::Italic, out),
        "u" => wrap(SafeNode::Underline, out),
        "code" | "kbd" | "samp" | "tt" => wrap(SafeNode::Code, out),
        "pre" => wrap(SafeNode::Preformatted, out),
        "blockquote" => wrap(SafeNode::Blockquote, out),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let mut kids = Vec::new();
            inner(&mut kids);
            if !kids.is_empty() {
                // h1 → h4, h2 → h5, the rest h6: below the widget's own headings.
                let level = (tag.as_bytes()[1] - b'0' + 3).min(6);
                out.push(SafeNode::Heading {
                    level,
                    children: kids,
                });
            }
        }
        "ul" | "ol" => {
            let mut items = Vec::new();
            for child in children {
                let mut item = Vec::new();
                match child {
                    RawNode::Element { tag, children, .. } if tag.eq_ignore_ascii_case("li") => {
                        for grandchild in children {
                            convert(grandchild, hosts, depth + 2, &mut item);
                        }
                    }
                    // Stray content between items becomes an item of its own, unless blank.
                    other => {
                        convert(other, hosts, depth + 1, &mut item);
                        if is_empty(&item) {
                            continue;
                        }
                    }
                }
                items.push(item);
            }
            if !items.is_empty() {
                out.push(SafeNode::List {
                    ordered: tag == "ol",
                    start: (tag == "ol")
                        .then(|| attr("start").and_then(|s| s.trim().parse().ok()))
                        .flatten(),
                    items,
                });
            }
        }
        "a" => {
            let mut kids = Vec::new();
            inner(&mut kids);
            match attr("href").and_then(safe_href) {
                Some(href) => out.push(SafeNode::Link {
                    href,
                    title: attr("title").map(str::to_owned),
                    children: kids,
                }),
                // A refused link still shows its text.
                None => out.extend(kids),
            }
        }
        // Table cells would otherwise run their text together.
        "td" | "th" => {
            inner(out);
            out.push(SafeNode::Text(" ".into()));
        }
        _ if BLOCKS.contains(&tag) => {
            let mut kids = Vec::new();
            inner(&mut kids);
            if kids.iter().any(is_block) {
                out.extend(kids);
            } else if !kids.is_empty() {
                out.push(SafeNode::Paragraph(kids));
            }
        }
        // Unknown (span, font, li outside a list, …): unwrapped, the content kept.
        _ => inner(out),
    }
}

fn is_block(node: &SafeNode) -> bool {
    matches!(
        node,
        SafeNode::Paragraph(_)
            | SafeNode::Heading { .. }
            | SafeNode::Preformatted(_)
            | SafeNode::Blockquote(_)
            | SafeNode::List { .. }
    )
}

/// Trims what the URL parser would trim, and refuses what it would silently remove inside
/// (tab, newline: `java\tscript:` is `javascript:` to a browser) and other control characters.
fn clean_url(raw: &str) -> Option<&str> {
    let url = raw.trim_matches(|c: char| c <= ' ');
    let ok = !url.is_empty() && !url.chars().any(|c| c.is_control());
    ok.then_some(url)
}

fn has_prefix(url: &str, prefix: &str) -> bool {
    url.len() >= prefix.len()
        && url.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The link target, if it is an absolute http, https, mailto or tel URL. Relative URLs are
/// refused: they would resolve against the host page, not Zendesk.
pub fn safe_href(raw: &str) -> Option<String> {
    let url = clean_url(raw)?;
    let ok = if has_prefix(url, "http://") || has_prefix(url, "https://") {
        authority(url).is_some_and(|a| !a.is_empty())
    } else {
        has_prefix(url, "mailto:") || has_prefix(url, "tel:")
    };
    ok.then(|| url.to_owned())
}

/// The image source, if it is https on one of `hosts` (exact, or `*.suffix` for subdomains).
pub fn safe_image_src(raw: &str, hosts: &[String]) -> Option<String> {
    let url = clean_url(raw)?;
    if !has_prefix(url, "https://") {
        return None;
    }
    let authority = authority(url)?;
    // Userinfo (`acme.zendesk.com@evil.example`) is refused rather than parsed around.
    if authority.contains('@') {
        return None;
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return None,
        None => authority,
    }
    .to_ascii_lowercase();
    // Only plain DNS names: no percent-encoding, IPv6 brackets or Unicode to normalise.
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let allowed = hosts.iter().any(|pattern| {
        let pattern = pattern.trim().to_ascii_lowercase();
        match pattern.strip_prefix("*.") {
            Some(suffix) => host
                .strip_suffix(suffix)
                .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
            None => host == pattern,
        }
    });
    (plain && allowed).then(|| url.to_owned())
}

/// What follows `scheme://` up to the path, query or fragment (a backslash counts as a slash
/// in http(s) URLs).
fn authority(url: &str) -> Option<&str> {
    let rest = &url[url.find("://")? + 3..];
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
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
    fn backslash_ends_the_host() {
        // `\` is a path separator to browsers: the host really is acme.zendesk.com here.
        assert!(safe_image_src("https://acme.zendesk.com\\x.png", &hosts()).is_some());
        assert!(safe_image_src("https://evil.example\\acme.zendesk.com", &hosts()).is_none());
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
}
