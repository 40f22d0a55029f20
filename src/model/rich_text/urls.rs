//! The URL checks of agent HTML: which link targets and image sources survive.

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

    fn hosts() -> Vec<String> {
        vec!["acme.zendesk.com".into(), "*.zdusercontent.com".into()]
    }

    #[test]
    fn backslash_ends_the_host() {
        // `\` is a path separator to browsers: the host really is acme.zendesk.com here.
        assert!(safe_image_src("https://acme.zendesk.com\\x.png", &hosts()).is_some());
        assert!(safe_image_src("https://evil.example\\acme.zendesk.com", &hosts()).is_none());
    }
}
