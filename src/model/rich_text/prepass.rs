//! The pass over agent HTML *before* the browser's parser sees it, so that parsing raises no
//! Content-Security-Policy report.
//!
//! Every inert parser a page has (`DOMParser`, `createHTMLDocument`, `<template>`,
//! `Document.parseHTMLUnsafe`, even the Sanitizer API) creates its document under the page's
//! policy, and Chromium reports each `style` attribute (`style-src-attr`), each event-handler
//! attribute (`script-src-attr`) and each `<style>` element (`style-src-elem`) as it parses
//! them, though nothing runs (measured in docs/csp.md). Email-originated comments are full of
//! them, so every view of a thread would send "attacks" to the host's `report-uri`.
//!
//! This pass follows the HTML tokenizer's tag and attribute states and rewrites every tag with
//! only the attributes the sanitizer reads ([`KEPT`]), drops comments and doctypes, and drops
//! the raw-text elements (`script`, `style`, `textarea`, …) with their content, which the
//! sanitizer drops anyway. Text is copied as it is. It is not the security boundary: where it
//! and the browser could disagree, the cost is a report, never a live attribute, because the
//! parsed tree is still rebuilt from the allowlist ([`super::sanitize`]).

/// The attributes the sanitizer reads; every other one is removed before parsing.
const KEPT: &[&str] = &["href", "src", "alt", "title", "start"];

/// Elements whose content the tokenizer reads as text up to their end tag: removed with their
/// content (all of them are dropped by the sanitizer too).
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

/// `html` with only the [`KEPT`] attributes on its tags, without comments, doctypes and
/// raw-text elements; ready for the browser's inert parser.
pub fn strip_for_parsing(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let lt = at + offset;
        out.push_str(&html[at..lt]);
        at = match bytes.get(lt + 1) {
            Some(b'!') if html[lt..].starts_with("<!--") => skip_comment(html, lt + 4),
            Some(b'!' | b'?') => skip_past(html, lt + 2, ">"),
            Some(b'/') => match bytes.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => match read_tag(html, lt + 2) {
                    Some(tag) => {
                        out.push_str("</");
                        out.push_str(&tag.name);
                        out.push('>');
                        tag.end
                    }
                    None => html.len(),
                },
                Some(b'>') => lt + 3,
                None => {
                    out.push_str("</");
                    html.len()
                }
                Some(_) => skip_past(html, lt + 2, ">"),
            },
            Some(c) if c.is_ascii_alphabetic() => match read_tag(html, lt + 1) {
                None => html.len(),
                Some(tag) if tag.name == "plaintext" => html.len(),
                Some(tag) if RAW_TEXT.contains(&tag.name.as_str()) => {
                    skip_raw_text(html, tag.end, &tag.name)
                }
                Some(tag) => {
                    tag.write(&mut out);
                    tag.end
                }
            },
            _ => {
                out.push('<');
                lt + 1
            }
        };
    }
    out.push_str(&html[at.min(html.len())..]);
    out
}

/// A start or end tag as the tokenizer reads it: lowercase name, the kept attributes.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    /// Just past its `>`.
    end: usize,
}

impl Tag {
    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            out.push_str(&value.replace('"', "&quot;"));
            out.push('"');
        }
        if self.self_closing {
            out.push_str(" /");
        }
        out.push('>');
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Reads a tag from its name (at `start`) through its `>`; `None` when the input ends inside
/// it (the browser then drops it).
fn read_tag(html: &str, start: usize) -> Option<Tag> {
    let b = html.as_bytes();
    let mut i = start;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut tag = Tag {
        name: html[start..i].to_ascii_lowercase(),
        attrs: Vec::new(),
        self_closing: false,
        end: 0,
    };
    let mut seen: Vec<String> = Vec::new();
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                tag.end = i + 1;
                return Some(tag);
            }
            b'/' => {
                i += 1;
                if b.get(i) == Some(&b'>') {
                    tag.self_closing = true;
                    tag.end = i + 1;
                    return Some(tag);
                }
                continue;
            }
            _ => {}
        }
        // An attribute name; a leading `=` belongs to it.
        let name_start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let close = html[i + 1..].find(*quote as char)? + i + 1;
                    value = &html[i + 1..close];
                    i = close + 1;
                }
                b'>' => {}
                _ => {
                    let value_start = i;
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = &html[value_start..i];
                }
            }
        }
        // The browser keeps the first of repeated attributes.
        if KEPT.contains(&name.as_str()) && !seen.contains(&name) {
            tag.attrs.push((name.clone(), value.to_owned()));
        }
        seen.push(name);
    }
}

/// Past the end of a comment whose `<!--` ends before `from` (`-->`, `--!>`, or the abrupt
/// `<!-->` and `<!--->`); the input's end when it never closes.
fn skip_comment(html: &str, from: usize) -> usize {
    let rest = &html[from..];
    if rest.starts_with('>') {
        return from + 1;
    }
    if rest.starts_with("->") {
        return from + 2;
    }
    let close = rest.find("-->").map(|i| i + 3);
    let bang = rest.find("--!>").map(|i| i + 4);
    match (close, bang) {
        (Some(a), Some(b)) => from + a.min(b),
        (Some(a), None) | (None, Some(a)) => from + a,
        (None, None) => html.len(),
    }
}

/// Past the next `needle` at or after `from`; the input's end when there is none.
fn skip_past(html: &str, from: usize, needle: &str) -> usize {
    html.get(from..)
        .and_then(|rest| rest.find(needle))
        .map_or(html.len(), |i| from + i + needle.len())
}

/// Past the end tag of the raw-text element `name` whose content starts at `from`: `</name`
/// (any case) followed by a space, `/` or `>`. The input's end when it never closes.
fn skip_raw_text(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut at = from;
    while let Some(offset) = html[at..].find("</") {
        let start = at + offset + 2;
        let end = start + name.len();
        let named = html
            .get(start..end)
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name));
        if named
            && b.get(end)
                .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return read_tag(html, start).map_or(html.len(), |tag| tag.end);
        }
        at = start;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_attributes_the_sanitizer_reads_are_kept() {
        assert_eq!(
            strip_for_parsing(
                r#"<div class="zd-comment" dir="auto" style="color:red"><p style='margin:0' onclick=x()>Hi <a href="https://e.example/?a=1&amp;b=2" target=_blank title='T "q"' onmouseover="x()">link</a></p></div>"#
            ),
            r#"<div><p>Hi <a href="https://e.example/?a=1&amp;b=2" title="T &quot;q&quot;">link</a></p></div>"#
        );
        assert_eq!(
            strip_for_parsing(
                r#"<IMG SRC=https://acme.zendesk.com/a.png ALT=pic onerror="x()" src="https://evil.example/">"#
            ),
            r#"<img src="https://acme.zendesk.com/a.png" alt="pic">"#,
            "names lowercased, the first of repeated attributes kept"
        );
        assert_eq!(
            strip_for_parsing(r#"<ol start=3 type=a><li>x<br/><br /></ol>"#),
            r#"<ol start="3"><li>x<br /><br /></ol>"#
        );
    }

    #[test]
    fn every_way_to_write_an_attribute() {
        for (html, kept) in [
            (r#"<a href=x onclick=y>"#, r#"<a href="x">"#),
            (r#"<a onclick="y"href=x>"#, r#"<a href="x">"#),
            (r#"<a/onclick=y/href=x>"#, "<a>"),
            (r#"<a/href=x/onclick=y>"#, r#"<a href="x/onclick=y">"#),
            (r#"<a onclick = "y" href = 'x' >"#, r#"<a href="x">"#),
            (r#"<a =onclick=y href>"#, r#"<a href="">"#),
            (r#"<a onclick href=x>"#, r#"<a href="x">"#),
            (r#"<a title="a>b" onclick=y>"#, r#"<a title="a>b">"#),
            (
                r#"<a title='<b onclick=y>'>"#,
                r#"<a title="<b onclick=y>">"#,
            ),
            (r#"<a href=>text"#, r#"<a href="">text"#),
            ("<a\tonclick=y\nhref=x\x0c>", r#"<a href="x">"#),
            (r#"<a style="x" style=y>"#, "<a>"),
        ] {
            assert_eq!(strip_for_parsing(html), kept, "{html}");
        }
    }

    #[test]
    fn comments_doctypes_and_raw_text_go() {
        assert_eq!(
            strip_for_parsing(
                "<!doctype html><!-- <img onerror=x> -->a<!-->b<!--->c<?xml x?>d<!--x--!>e"
            ),
            "abcde"
        );
        assert_eq!(strip_for_parsing("a<!-- never closed <img onerror=x>"), "a");
        assert_eq!(
            strip_for_parsing(
                r#"<style>p{color:red}</style><script>if (a<b) "<!--"</script ><p style=x>kept</p>"#
            ),
            "<p>kept</p>"
        );
        assert_eq!(
            strip_for_parsing("<textarea><p onclick=x></TEXTAREA>after<title>t</title >!"),
            "after!"
        );
        assert_eq!(
            strip_for_parsing("<script>a</scripty><img onerror=x></script>b"),
            "b",
            "only the element's own end tag ends it"
        );
        assert_eq!(strip_for_parsing("<style>never closed <p>x"), "");
        assert_eq!(strip_for_parsing("a<plaintext><p>b"), "a");
    }

    #[test]
    fn end_tags_and_stray_brackets() {
        assert_eq!(
            strip_for_parsing(r#"<b>x</B onclick=y></ b>1 < 2 <<i>y</>z"#),
            "<b>x</b>1 < 2 <<i>yz"
        );
        assert_eq!(strip_for_parsing("x</"), "x</");
        assert_eq!(strip_for_parsing("x<"), "x<");
        assert_eq!(
            strip_for_parsing("a<img src=x onerror=y"),
            "a",
            "a tag cut off by the end is dropped, as the browser does"
        );
        assert_eq!(strip_for_parsing(r#"<a title="never closed>x"#), "");
    }

    #[test]
    fn text_is_copied_untouched() {
        let text = "Grüße &amp; 日本語 &lt;b&gt; 🙂 a > b, \"quoted\"";
        assert_eq!(strip_for_parsing(text), text);
        assert_eq!(
            strip_for_parsing("<p>Grüße <b style=x>日本</b></p>"),
            "<p>Grüße <b>日本</b></p>"
        );
    }

    #[test]
    fn no_handler_or_style_survives_the_corpus() {
        let corpus = [
            r#"<svg onload="x()"><script>x()</script><a href="javascript:x()"><text>x</text></a></svg>"#,
            r#"<math><mtext><table><mglyph><style><img src=x onerror="x()">"#,
            r#"<noscript><p title="</noscript><img src=x onerror=x()>"></noscript>"#,
            r#"<svg><![CDATA[ > <img onerror=x()> ]]></svg>"#,
            r#"<form action="javascript:x()"><button formaction="javascript:x()">go</button><input autofocus onfocus="x()"></form>"#,
            r#"<base href="javascript:x()//"><meta http-equiv="refresh" content="0;url=javascript:x()">"#,
            r#"<table style="width:100%"><tr><td style="padding:4px" onmouseover="x()">cell</td></tr></table>"#,
            r#"<p style="background:url(javascript:x())">styled</p>"#,
        ];
        for html in corpus {
            let out = strip_for_parsing(html).to_ascii_lowercase();
            for bad in [" on", "style=", "<style", "<script", "content=", "action="] {
                assert!(!out.contains(bad), "{html} → {out}");
            }
        }
    }
}
