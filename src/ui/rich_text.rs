//! Agent comment HTML in the browser: stripped of the attributes nobody reads (so the host's
//! CSP reports nothing), parsed inertly by `DOMParser`, sanitised by
//! [`crate::model::rich_text`], and rebuilt node by node. No HTML string is ever assigned to
//! the page (no `innerHTML`), so this works under Trusted Types.

use std::cell::OnceCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, DomParser, Element, Node};

use crate::model::rich_text::{
    from_plain, is_empty, sanitize, strip_for_parsing, RawNode, SafeNode,
};

#[wasm_bindgen]
extern "C" {
    /// A `DOMParser` seen through a `parseFromString` that takes a `TrustedHTML` as well as a
    /// string (web-sys's takes only `&str`).
    #[wasm_bindgen(js_name = DOMParser)]
    type TrustedHtmlParser;
    #[wasm_bindgen(method, catch, js_name = parseFromString)]
    fn parse(this: &TrustedHtmlParser, html: &JsValue, kind: &str) -> Result<Document, JsValue>;
}

/// Parses `html` in an inert document (no scripts run, nothing loads) into a [`RawNode`] tree
/// of the body's children. Comments are skipped; a parser failure yields nothing (and the
/// caller shows the plain-text body).
pub fn parse(html: &str) -> Vec<RawNode> {
    let parser: Option<TrustedHtmlParser> = DomParser::new().ok().map(JsCast::unchecked_into);
    // Attributes the sanitizer ignores never reach the parser: the host's CSP would report
    // every `style` and `on…` attribute it parses, though none of them runs.
    let html = strip_for_parsing(html);
    let body = parser
        .and_then(|parser| parser.parse(&parser_input(&html), "text/html").ok())
        .and_then(|document| document.body());
    body.map(|body| child_nodes(&body)).unwrap_or_default()
}

thread_local! {
    /// The widget's Trusted Types policy, `support-widget`, created on first use (a policy
    /// name can be taken once per page). `None` when the browser has no Trusted Types or the
    /// page's `trusted-types` directive doesn't allow the name.
    static POLICY: OnceCell<Option<JsValue>> = const { OnceCell::new() };
}

/// What `DOMParser` is given for `html`. A page that enforces Trusted Types
/// (`require-trusted-types-for 'script'`) refuses plain strings there, so the HTML goes
/// through the widget's own policy, which passes it unchanged: safe only because its output
/// goes nowhere but this inert parse, whose result is rebuilt from an allowlist. Without the
/// policy, the string itself (which a page enforcing Trusted Types then refuses).
fn parser_input(html: &str) -> JsValue {
    let policy = POLICY.with(|cell| cell.get_or_init(create_policy).clone());
    policy
        .and_then(|policy| {
            let create_html = js_sys::Reflect::get(&policy, &"createHTML".into()).ok()?;
            let create_html: &js_sys::Function = create_html.dyn_ref()?;
            create_html.call1(&policy, &html.into()).ok()
        })
        .unwrap_or_else(|| JsValue::from_str(html))
}

fn create_policy() -> Option<JsValue> {
    let window = web_sys::window()?;
    let factory = js_sys::Reflect::get(&window, &"trustedTypes".into()).ok()?;
    let create_policy = js_sys::Reflect::get(&factory, &"createPolicy".into()).ok()?;
    let create_policy: &js_sys::Function = create_policy.dyn_ref()?;
    let rules = js_sys::Object::new();
    // Leaked on purpose: the policy lives as long as the page.
    let identity = Closure::<dyn Fn(String) -> String>::new(|html| html).into_js_value();
    js_sys::Reflect::set(&rules, &"createHTML".into(), &identity).ok()?;
    create_policy
        .call2(&factory, &"support-widget".into(), &rules)
        .ok()
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
            view! { <img src=src alt=alt title=title loading="lazy" referrerpolicy="no-referrer" /> }.into_any()
        }
    }
}
