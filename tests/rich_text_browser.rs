//! The agent comment renderer in headless Chromium: an XSS corpus goes through the real
//! `DOMParser`, the sanitiser and Leptos, and the live DOM that comes out is audited. Each test
//! mounts into its own element.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use support_widget::ui::rich_text::RichText;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn hosts() -> Vec<String> {
    vec!["acme.zendesk.com".into(), "*.zdusercontent.com".into()]
}

/// Renders a comment into a fresh element; keep the handle alive until the assertions are done.
fn show(
    html: Option<&str>,
    plain: &str,
) -> (
    HtmlElement,
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
) {
    let document = window().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let (html, plain) = (html.map(str::to_owned), plain.to_owned());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <RichText html=html plain=plain image_hosts=hosts() /> }
    });
    (root, handle)
}

/// Lets effects run and failed image loads fire their (absent) error handlers.
async fn settle() {
    for ms in [0, 0, 100] {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// Set by every payload in the corpus if it ever runs.
fn xss_flag() -> JsValue {
    js_sys::Reflect::get(&window(), &"__xss".into()).unwrap()
}

fn elements(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.unchecked_into())
        .collect()
}

/// Every way the rendered tree could be unsafe, as readable complaints.
fn audit(root: &Element) -> Vec<String> {
    let mut problems = Vec::new();
    for el in elements(root, "*") {
        let tag = el.local_name();
        let allowed: &[&str] = match tag.as_str() {
            // The renderer's own container: a comment takes its own text direction.
            "div"
                if el.class_name() == "sw-rich-text"
                    && el.get_attribute("dir").as_deref() == Some("auto") =>
            {
                &["class", "dir"]
            }
            "div" => &["class"],
            "a" => &["href", "title", "rel", "target"],
            "img" => &["src", "alt", "title", "loading", "referrerpolicy"],
            "ol" => &["start"],
            "p" | "br" | "strong" | "em" | "u" | "code" | "pre" | "blockquote" | "ul" | "li"
            | "h4" | "h5" | "h6" => &[],
            _ => {
                problems.push(format!("element <{tag}>"));
                &[]
            }
        };
        for name in el.get_attribute_names().iter() {
            let name = name.as_string().unwrap();
            if name.starts_with("on") || !allowed.contains(&name.as_str()) {
                problems.push(format!("<{tag} {name}>"));
            }
        }
        if tag == "a" {
            let href = el.get_attribute("href").unwrap_or_default();
            let scheme = web_sys::Url::new(&href).map(|u| u.protocol());
            if !matches!(
                scheme.as_deref(),
                Ok("http:" | "https:" | "mailto:" | "tel:")
            ) {
                problems.push(format!("href {href:?}"));
            }
            if el.get_attribute("rel").as_deref() != Some("noopener noreferrer")
                || el.get_attribute("target").as_deref() != Some("_blank")
            {
                problems.push(format!("link {href:?} without rel/target"));
            }
        }
        if tag == "img" {
            let src = el.get_attribute("src").unwrap_or_default();
            let url = web_sys::Url::new(&src).ok();
            let host = url.as_ref().map(|u| u.hostname()).unwrap_or_default();
            let https = url.is_some_and(|u| u.protocol() == "https:");
            if !https || !(host == "acme.zendesk.com" || host.ends_with(".zdusercontent.com")) {
                problems.push(format!("img {src:?}"));
            }
        }
    }
    problems
}

const CORPUS: &[&str] = &[
    r#"<script>window.__xss=1</script>"#,
    r#"<img src=x onerror="window.__xss=1">"#,
    r#"<img src="https://acme.zendesk.com/missing.png" onerror="window.__xss=1" onload="window.__xss=1">"#,
    r#"<a href="javascript:window.__xss=1">click</a>"#,
    r#"<a href=" JaVa&#x09;script:window.__xss=1">click</a>"#,
    r#"<a href="jav&#x0A;ascript:window.__xss=1">click</a>"#,
    r#"<a href="&#106;avascript:window.__xss=1">click</a>"#,
    r#"<a href="javascript&colon;window.__xss=1">click</a>"#,
    r#"<a href="&#0;javascript:window.__xss=1">click</a>"#,
    r#"<a href="https://ok.example" onclick="window.__xss=1" onmouseover="window.__xss=1">ok</a>"#,
    r#"<svg onload="window.__xss=1"><script>window.__xss=1</script></svg>"#,
    r#"<svg><a href="javascript:window.__xss=1"><text>x</text></a></svg>"#,
    r#"<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>"#,
    r#"<iframe src="javascript:parent.__xss=1"></iframe>"#,
    r#"<style>@import 'javascript:window.__xss=1'; *{background:url(javascript:window.__xss=1)}</style>"#,
    r#"<p style="background:url(javascript:window.__xss=1)">styled</p>"#,
    r#"<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1">"#,
    r#"<math href="javascript:window.__xss=1">m</math>"#,
    r#"<form action="javascript:window.__xss=1"><button formaction="javascript:window.__xss=1">go</button><input autofocus onfocus="window.__xss=1"></form>"#,
    r#"<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">"#,
    r#"<base href="javascript:window.__xss=1//"><a href="/x">rel</a>"#,
    r#"<link rel="stylesheet" href="javascript:window.__xss=1">"#,
    r#"<object data="javascript:window.__xss=1"></object><embed src="javascript:window.__xss=1">"#,
    r#"<noscript><p title="</noscript><img src=x onerror=window.__xss=1>"></noscript>"#,
    r#"<template><img src=x onerror="window.__xss=1"></template>"#,
    r#"<xmp><img src=x onerror="window.__xss=1"></xmp>"#,
    r#"<textarea><img src=x onerror="window.__xss=1"></textarea>"#,
    r#"<details open ontoggle="window.__xss=1">d</details>"#,
    r#"<video><source onerror="window.__xss=1"></video><audio src=x onerror="window.__xss=1">"#,
    r#"<body onload="window.__xss=1"><marquee onstart="window.__xss=1">m</marquee>"#,
    r#"<scr<script>ipt>window.__xss=1</scr</script>ipt>"#,
    r#"<img src=x onerror=window.__xss=1"#,
    r#"<p>unclosed <b>bold <i>both <a href="https://ok.example">link"#,
    r#"<!-- <img src=x onerror="window.__xss=1"> --><![CDATA[<img src=x onerror="window.__xss=1">]]>"#,
    r#"<a href="data:text/html,<script>parent.__xss=1</script>">data</a>"#,
    r#"<img src="data:image/svg+xml,<svg onload='window.__xss=1'/>">"#,
    r#"<img src="http://acme.zendesk.com/a.png"><img src="https://evil.example/a.png"><img src="//acme.zendesk.com/a.png">"#,
    r#"<img src="https://acme.zendesk.com@evil.example/a.png"><img src="https://acme.zendesk.com.evil.example/a.png">"#,
    r#"<div onclick="window.__xss=1" id="x" class="y"><span style="x">s</span></div>"#,
];

#[wasm_bindgen_test]
async fn xss_corpus_leaves_nothing_active() {
    let mut problems = Vec::new();
    let mut handles = Vec::new();
    for payload in CORPUS {
        let (root, handle) = show(Some(payload), "plain");
        settle().await;
        for problem in audit(&root) {
            problems.push(format!("{payload}: {problem}"));
        }
        handles.push(handle);
    }
    settle().await;
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(xss_flag().is_undefined(), "a payload ran");
}

#[wasm_bindgen_test]
async fn safe_formatting_survives() {
    let html = r#"<div class="zd-comment" dir="auto">
        <p>Hi <strong>there</strong>, <b>b</b> <em>e</em> <i>i</i> <u>u</u><br>next line</p>
        <ul><li>one</li><li>two</li></ul>
        <ol start="3"><li>three</li></ol>
        <p>Run <code>make</code></p><pre>  indented
  code</pre>
        <blockquote><p>quoted</p></blockquote>
        <h1>Title</h1>
        <p><a href="https://help.example/x" title="Help">docs</a> or
        <a href="mailto:help@example.com">mail</a> or <a href="tel:+15550100">call</a></p>
        <p><img src="https://p1.zdusercontent.com/a.png" alt="screenshot"></p>
    </div>"#;
    let (root, _handle) = show(Some(html), "plain fallback");
    settle().await;
    assert_eq!(audit(&root), Vec::<String>::new());
    let count = |selector| elements(&root, selector).len();
    assert_eq!(count("p strong"), 2);
    assert_eq!(count("p em"), 2);
    assert_eq!(count("p u"), 1);
    assert_eq!(count("p br"), 1);
    assert_eq!(count("ul > li"), 2);
    assert_eq!(count("ol[start='3'] > li"), 1);
    assert_eq!(count("p code"), 1);
    assert_eq!(count("blockquote p"), 1);
    assert_eq!(count("h4"), 1);
    assert_eq!(count("a"), 3);
    let pre = root.query_selector("pre").unwrap().unwrap();
    assert_eq!(pre.text_content().unwrap(), "  indented\n  code");
    let link = root.query_selector("a[title='Help']").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://help.example/x")
    );
    let img = root.query_selector("img").unwrap().unwrap();
    assert_eq!(img.get_attribute("alt").as_deref(), Some("screenshot"));
    assert_eq!(
        img.get_attribute("referrerpolicy").as_deref(),
        Some("no-referrer"),
        "the image host doesn't learn which page showed the reply"
    );
    assert!(!root.text_content().unwrap().contains("plain fallback"));
}

#[wasm_bindgen_test]
async fn refused_links_and_images_keep_their_text() {
    let html = r#"<p><a href="javascript:alert(1)">still here</a>
        <img src="https://evil.example/a.png" alt="a chart"></p>"#;
    let (root, _handle) = show(Some(html), "plain");
    settle().await;
    assert!(elements(&root, "a, img").is_empty());
    let text = root.text_content().unwrap();
    assert!(
        text.contains("still here") && text.contains("a chart"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn markup_in_text_stays_text() {
    let html = "<p>&lt;img src=x onerror=window.__xss=1&gt; &amp; more</p>";
    let (root, _handle) = show(Some(html), "plain");
    settle().await;
    assert!(elements(&root, "img").is_empty());
    assert_eq!(
        root.text_content().unwrap(),
        "<img src=x onerror=window.__xss=1> & more"
    );
    assert!(xss_flag().is_undefined());
}

#[wasm_bindgen_test]
async fn plain_body_when_html_is_absent() {
    let (root, _handle) = show(None, "Hello,\n<b>not bold</b>\n\nBye");
    settle().await;
    assert!(elements(&root, "b, strong").is_empty());
    assert_eq!(elements(&root, "br").len(), 3);
    assert_eq!(
        root.text_content().unwrap(),
        "Hello,<b>not bold</b>Bye",
        "text nodes only"
    );
}

#[wasm_bindgen_test]
async fn plain_body_when_nothing_of_the_html_survives() {
    for html in [
        "",
        "   ",
        "<script>x()</script>",
        "<p> &nbsp; </p><br>",
        "<iframe></iframe>",
    ] {
        let (root, _handle) = show(Some(html), "the plain body");
        settle().await;
        assert_eq!(root.text_content().unwrap(), "the plain body", "{html:?}");
    }
}

/// The harness itself: an unsanitised handler does run here, and the audit does notice
/// forbidden elements, attributes and URLs (so the passes above mean something).
#[wasm_bindgen_test]
async fn control_the_harness_catches_live_payloads() {
    let document = window().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let img = document.create_element("img").unwrap();
    img.set_attribute("onerror", "window.__control=1").unwrap();
    img.set_attribute("src", "x").unwrap();
    let link = document.create_element("a").unwrap();
    link.set_attribute("href", "javascript:void 0").unwrap();
    let script = document.create_element("script").unwrap();
    for el in [&img, &link, &script] {
        root.append_child(el).unwrap();
    }
    settle().await;
    let flag = js_sys::Reflect::get(&window(), &"__control".into()).unwrap();
    assert_eq!(flag.as_f64(), Some(1.0), "the handler ran");
    let problems = audit(&root);
    for expected in [
        "<img onerror>",
        "img \"x\"",
        "href \"javascript:void 0\"",
        "element <script>",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "{expected} in {problems:?}"
        );
    }
}
