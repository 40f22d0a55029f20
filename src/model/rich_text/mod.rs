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

mod prepass;
mod urls;

pub use prepass::strip_for_parsing;
pub use urls::{safe_href, safe_image_src};

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
            let ordered = tag == "ol";
            let start = attr("start").and_then(|s| s.trim().parse().ok());
            convert_list(
                children,
                ordered.then_some(start).flatten(),
                ordered,
                hosts,
                depth,
                out,
            );
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

/// A `<ul>` or `<ol>`: each `<li>` an item; stray content between items becomes an item of
/// its own, unless blank.
fn convert_list(
    children: &[RawNode],
    start: Option<u32>,
    ordered: bool,
    hosts: &[String],
    depth: usize,
    out: &mut Vec<SafeNode>,
) {
    let mut items = Vec::new();
    for child in children {
        let mut item = Vec::new();
        match child {
            RawNode::Element { tag, children, .. } if tag.eq_ignore_ascii_case("li") => {
                for grandchild in children {
                    convert(grandchild, hosts, depth + 2, &mut item);
                }
            }
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
            ordered,
            start,
            items,
        });
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

#[cfg(test)]
mod tests;
