//! Small text rules the screens share: search queries for suggestions, snippets to plain
//! text, the shape of an email address.

/// Fewest characters before suggestions are searched: enough for a word in alphabetic scripts.
const MIN_CHARS: usize = 3;
/// In Chinese, Japanese and Korean one or two characters already make a word.
const MIN_CHARS_CJK: usize = 2;
/// Zendesk answers 406 to searches with too many words; long subjects are cut to their start.
const MAX_WORDS: usize = 10;

/// The query to search for `subject`, or `None` while it is too short to be useful.
pub fn suggestion_query(subject: &str) -> Option<String> {
    let words: Vec<&str> = subject.split_whitespace().take(MAX_WORDS).collect();
    let query = words.join(" ");
    let chars = query.chars().count();
    let cjk = query.chars().any(is_cjk);
    let enough = if cjk { MIN_CHARS_CJK } else { MIN_CHARS };
    (chars >= enough).then_some(query)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF) // CJK Compatibility Ideographs
}

/// Text of a search snippet (Zendesk marks matches with `<em>`): tags dropped, the common
/// entities decoded. The result is only ever inserted as text.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// A light check of an email address; Zendesk validates for real and its 422 is mapped back
/// to the field.
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Zendesk stores a regexp field's pattern in Ruby syntax (`\A[A-Z]{2}-\d{4}\z`); this turns
/// the anchors and classes JavaScript lacks into its own, so the browser's `RegExp` can check
/// the value before sending. Anything else is left for Zendesk to judge.
pub fn js_pattern(ruby: &str) -> String {
    let mut out = String::with_capacity(ruby.len());
    let mut chars = ruby.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('A') => out.push('^'),
            Some('z' | 'Z') => out.push('$'),
            Some('h') => out.push_str("[0-9a-fA-F]"),
            Some('H') => out.push_str("[^0-9a-fA-F]"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push_str("\\\\"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_wait_for_a_word_and_are_cjk_aware() {
        assert_eq!(suggestion_query("  pa "), None);
        assert_eq!(suggestion_query("pas").as_deref(), Some("pas"));
        assert_eq!(suggestion_query("返品").as_deref(), Some("返品"));
        assert_eq!(suggestion_query("返"), None);
        assert_eq!(suggestion_query("환불").as_deref(), Some("환불"));
        let long = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(
            suggestion_query(long).as_deref(),
            Some("one two three four five six seven eight nine ten")
        );
    }

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            plain_text("How to <em>reset</em> your &quot;password&quot; &amp; more"),
            "How to reset your \"password\" & more"
        );
        assert_eq!(plain_text("<script>alert(1)</script>x"), "alert(1)x");
        assert_eq!(plain_text("a &lt;b&gt;"), "a <b>");
    }

    #[test]
    fn email_shape() {
        assert!(looks_like_email("ada@example.com"));
        assert!(looks_like_email(" ada@example.co.uk "));
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@.com",
            "a@b@c.com",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn ruby_patterns_become_javascript() {
        assert_eq!(js_pattern(r"\A[A-Z]{2}-\d{4}\z"), r"^[A-Z]{2}-\d{4}$");
        assert_eq!(js_pattern(r"\A\h+\Z"), r"^[0-9a-fA-F]+$");
        assert_eq!(js_pattern(r"^SN-\d+$"), r"^SN-\d+$");
        assert_eq!(
            js_pattern(r"a\\A"),
            r"a\\A",
            "an escaped backslash stays escaped"
        );
        assert_eq!(js_pattern("trailing\\"), "trailing\\\\");
    }
}
