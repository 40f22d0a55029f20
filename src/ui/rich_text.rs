//! Agent comment HTML in the browser: parsed inertly by `DOMParser`, sanitised by
//! [`crate::model::rich_text`], and rebuilt node by node. No HTML string is ever assigned to
//! the page (no `innerHTML`), so this works under Trusted Types.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

use crate::model::rich_text::{from_plain, is_empty, sanitize, RawNode, SafeNode};

/// Parses `html` in an inert document (no scripts run, nothing loads) into a [`RawNode`] tree
/// of the body's children. Comments are skipped; a parser failure yields nothing.
pub fn parse(html: &str) -> Vec<RawNode> {
    let body = DomParser::new()
        .and_then(|parser| parser.parse_from_string(html, SupportedType::TextHtml))
        .ok()
        .and_then(|document| document.body());
    body.map(|body| child_nodes(&body)).unwrap_or_default()
}

fn child_nodes(node: &Node) -> Vec<RawNode> {
    let list = node.child_nodes();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|child| raw(&child))
        .collect()
}

fn raw(node: &Node) -> Option<RawNode> {
    match node.node_type() {
        Node::TEXT_NODE => node.node_value().map(RawNode::Text),
        Node::ELEMENT_NODE => {
            let element: &Element = node.unchecked_ref();
            let list = element.attributes();
            let attrs = (0..list.length())
                .filter_map(|i| list.item(i))
                .map(|attr| (attr.name().to_ascii_lowercase(), attr.value()))
                .collect();
            Some(RawNode::Element {
                // SVG and MathML keep camelCase names; the allowlist compares lowercase.
                tag: element.local_name().to_ascii_lowercase(),
                attrs,
                children: child_nodes(node),
            })
        }
        _ => None,
    }
}

/// A comment body: `html` (Zendesk `html_body`) sanitised, or `plain` (`plain_body`) as text
/// with its line breaks when there is no HTML or nothing of it survives. Images are shown only
/// from https URLs on `image_hosts` (`acme.zendesk.com`, `*.zdusercontent.com`).
#[component]
pub fn RichText(html: Option<String>, plain: String, image_hosts: Vec<String>) -> impl IntoView {
    let nodes = html
        .map(|html| sanitize(&parse(&html), &image_hosts))
        .filter(|nodes| !is_empty(nodes))
        .unwrap_or_else(|| from_plain(&plain));
    // A comment's direction is its own, whatever the panel's language: an English reply in an
    // Arabic panel keeps its list numbers and alignment on the left.
    view! { <div class="sw-rich-text" dir="auto">{render_all(nodes)}</div> }
}

fn render_all(nodes: Vec<SafeNode>) -> Vec<AnyView> {
    nodes.into_iter().map(render).collect()
}

/// One safe node as DOM. Recursive, hence `AnyView`; text always becomes a text node.
fn render(node: SafeNode) -> AnyView {
    match node {
        SafeNode::Text(text) => text.into_any(),
        SafeNode::LineBreak => view! { <br /> }.into_any(),
        SafeNode::Paragraph(c) => view! { <p>{render_all(c)}</p> }.into_any(),
        SafeNode::Heading { level: 4, children } => {
            view! { <h4>{render_all(children)}</h4> }.into_any()
        }
        SafeNode::Heading { level: 5, children } => {
            view! { <h5>{render_all(children)}</h5> }.into_any()
        }
        SafeNode::Heading { children, .. } => view! { <h6>{render_all(children)}</h6> }.into_any(),
        SafeNode::Bold(c) => view! { <strong>{render_all(c)}</strong> }.into_any(),
        SafeNode::Italic(c) => view! { <em>{render_all(c)}</em> }.into_any(),
        SafeNode::Underline(c) => view! { <u>{render_all(c)}</u> }.into_any(),
        SafeNode::Code(c) => view! { <code>{render_all(c)}</code> }.into_any(),
        SafeNode::Preformatted(c) => view! { <pre>{render_all(c)}</pre> }.into_any(),
        SafeNode::Blockquote(c) => view! { <blockquote>{render_all(c)}</blockquote> }.into_any(),
        SafeNode::List {
            ordered,
            start,
            items,
        } => {
            let items = items
                .into_iter()
                .map(|item| view! { <li>{render_all(item)}</li> })
                .collect_view();
            if ordered {
                view! { <ol start=start>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        // The agent's page opens apart from the host page, which it can neither script nor
        // learn the address of.
        SafeNode::Link {
            href,
            title,
            children,
        } => view! {
            <a href=href title=title rel="noopener noreferrer" target="_blank">
                {render_all(children)}
            </a>
        }
        .into_any(),
        SafeNode::Image { src, alt, title } => {
            view! { <img src=src alt=alt title=title loading="lazy" /> }.into_any()
        }
    }
}
