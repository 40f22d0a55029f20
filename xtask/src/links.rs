//! The link checker over the repository's Markdown (run by `cargo test -p xtask`): every link
//! either points at a file inside the repository (and, with `#anchor`, at a heading of it) or at
//! a public web page. A link that leaves the tree (`../elsewhere.md`), a local server
//! (`http://localhost:8080`) or another scheme (`file:`) fails, so a fresh clone has no dead
//! links.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// Folders that are built, installed or fetched, not written: never checked.
const SKIPPED: [&str; 6] = [
    "target",
    "node_modules",
    "dist",
    "artifacts",
    "release",
    "pkg",
];

/// One link found in a Markdown file.
#[derive(Debug, PartialEq)]
pub struct Link {
    /// 1-based line of the link.
    pub line: usize,
    /// The target as written.
    pub target: String,
}

/// Every Markdown file of the repository under `root` (sorted), less [`SKIPPED`] and hidden
/// folders.
pub fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && !SKIPPED.contains(&name.as_str()) {
                    pending.push(path);
                }
            } else if name.ends_with(".md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Text with fenced code blocks and inline code spans blanked out (lines kept), so examples
/// such as `http://localhost:8080` or `[a](b)` in code aren't read as links.
fn without_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match fence {
            Some(marker) => {
                if trimmed.starts_with(marker) {
                    fence = None;
                }
            }
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                fence = Some(&trimmed[..3]);
            }
            None => out.push_str(&without_code_spans(line)),
        }
        out.push('\n');
    }
    out
}

fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            out.push(c);
        }
    }
    out
}

/// The links of a Markdown text: inline `[text](target)` and `![alt](target)`, reference
/// definitions `[name]: target`, and HTML `href="…"` / `src="…"`.
pub fn links(text: &str) -> Vec<Link> {
    let mut found = Vec::new();
    for (index, line) in without_code(text).lines().enumerate() {
        let number = index + 1;
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = closing_paren(after);
            let target = after[..end].split_whitespace().next().unwrap_or("");
            let target = target.trim_start_matches('<').trim_end_matches('>');
            found.push(Link {
                line: number,
                target: target.to_owned(),
            });
            rest = &after[end..];
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') && !trimmed.starts_with("[^") {
            if let Some((_, target)) = trimmed.split_once("]: ") {
                if let Some(target) = target.split_whitespace().next() {
                    found.push(Link {
                        line: number,
                        target: target.to_owned(),
                    });
                }
            }
        }
        for attribute in ["href=\"", "src=\""] {
            let mut rest = line;
            while let Some(at) = rest.find(attribute) {
                let after = &rest[at + attribute.len()..];
                let end = after.find('"').unwrap_or(after.len());
                found.push(Link {
                    line: number,
                    target: after[..end].to_owned(),
                });
                rest = &after[end..];
            }
        }
    }
    found
}

/// Where a link target ends: its closing parenthesis, allowing balanced ones inside
/// (`https://en.wikipedia.org/wiki/X_(y)`).
fn closing_paren(text: &str) -> usize {
    let mut depth = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return at,
            ')' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

/// GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens.
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors a Markdown text offers: its headings' slugs (repeats numbered `-1`, `-2`, as
/// GitHub does) and explicit `<a id="…">` / `name="…"`.
pub fn anchors(text: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix('#') {
            let heading = heading.trim_start_matches('#');
            if heading.starts_with(' ') {
                let base = slug(&without_code_spans_keeping_text(heading).replace(['[', ']'], ""));
                let mut candidate = base.clone();
                let mut n = 0;
                while found.contains(&candidate) {
                    n += 1;
                    candidate = format!("{base}-{n}");
                }
                found.insert(candidate);
            }
        }
        for attribute in ["id=\"", "name=\""] {
            let mut rest = line;
            while let Some(at) = rest.find(attribute) {
                let after = &rest[at + attribute.len()..];
                let end = after.find('"').unwrap_or(after.len());
                found.insert(after[..end].to_owned());
                rest = &after[end..];
            }
        }
    }
    found
}

/// A heading's text with the backticks of code spans removed (their text stays in the slug).
fn without_code_spans_keeping_text(heading: &str) -> String {
    heading.replace('`', "")
}

/// What is wrong with `target`, a link in `file` of the repository at `root`; None when fine.
pub fn problem(root: &Path, file: &Path, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("empty link".into());
    }
    if let Some(rest) = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or(host);
        let name = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        let local = name == "localhost"
            || name.ends_with(".localhost")
            || name.starts_with("127.")
            || name.starts_with("[::1]")
            || name == "0.0.0.0"
            || name.ends_with(".local")
            || !name.contains('.');
        return local.then(|| format!("{target}: not a public web page"));
    }
    if target.starts_with("mailto:") {
        return None;
    }
    if target.contains("://") || target.starts_with("file:") || target.starts_with("javascript:") {
        return Some(format!(
            "{target}: not a web page or a file of the repository"
        ));
    }
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let resolved = if path.is_empty() {
        file.to_path_buf()
    } else if let Some(from_root) = path.strip_prefix('/') {
        root.join(from_root)
    } else {
        file.parent().unwrap_or(root).join(path)
    };
    let Some(normal) = normalize(&resolved) else {
        return Some(format!("{target}: leaves the repository"));
    };
    if !normal.starts_with(root) {
        return Some(format!("{target}: leaves the repository"));
    }
    if !normal.exists() {
        return Some(format!("{target}: no such file in the repository"));
    }
    match anchor {
        Some(anchor) if normal.extension().is_some_and(|e| e == "md") => {
            let text = std::fs::read_to_string(&normal).unwrap_or_default();
            (!anchors(&text).contains(anchor))
                .then(|| format!("{target}: no heading with the anchor #{anchor}"))
        }
        _ => None,
    }
}

/// `path` with `.` and `..` resolved lexically; None when `..` climbs above the first part.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markdown_link_stays_in_the_repository_or_goes_to_a_public_page() {
        let root = crate::util::root();
        let files = markdown_files(&root);
        assert!(files.iter().any(|f| f.ends_with("README.md")));
        let mut problems = Vec::new();
        let mut checked = 0;
        for file in &files {
            let text = std::fs::read_to_string(file).expect("readable Markdown");
            for link in links(&text) {
                checked += 1;
                if let Some(problem) = problem(&root, file, &link.target) {
                    let shown = file.strip_prefix(&root).unwrap_or(file).display();
                    problems.push(format!("{shown}:{}: {problem}", link.line));
                }
            }
        }
        assert!(
            checked > 50,
            "only {checked} links found: is the parser broken?"
        );
        assert!(
            problems.is_empty(),
            "broken links:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn finds_links_outside_code() {
        let text = "See [a](docs/a.md#x) and ![p](p.png \"title\").\n\
                    ```\n[not](a link)\n```\n\
                    `[nor](this)` but <img src=\"s.png\"> and [w](https://e.org/X_(y)).\n\
                    [ref]: ../out.md\n";
        let targets: Vec<String> = links(text).into_iter().map(|l| l.target).collect();
        assert_eq!(
            targets,
            [
                "docs/a.md#x",
                "p.png",
                "https://e.org/X_(y)",
                "s.png",
                "../out.md"
            ]
        );
        assert_eq!(links(text)[4].line, 6);
    }

    #[test]
    fn anchors_follow_github() {
        let text = "# Zendesk setup\n## Option B: your own backend\n## `init` options\n\
                    ## Same\n## Same\n```\n# not a heading\n```\n<a id=\"js-api\"></a>\n";
        let found = anchors(text);
        for anchor in [
            "zendesk-setup",
            "option-b-your-own-backend",
            "init-options",
            "same",
            "same-1",
            "js-api",
        ] {
            assert!(found.contains(anchor), "{anchor} in {found:?}");
        }
        assert!(!found.contains("not-a-heading"));
    }

    #[test]
    fn judges_targets() {
        let root = crate::util::root();
        let readme = root.join("README.md");
        let judge = |target: &str| problem(&root, &readme, target);
        assert_eq!(judge("docs/embedding.md"), None);
        assert_eq!(judge("docs/embedding.md#js-api"), None);
        assert!(judge("docs/embedding.md#no-such-heading").is_some());
        assert!(judge("docs/missing.md").is_some());
        assert!(judge("../shared/docs/design.md").is_some());
        assert!(judge("../../etc/passwd").is_some());
        assert_eq!(judge("https://developer.zendesk.com/api-reference/"), None);
        assert!(judge("http://localhost:8080/").is_some());
        assert!(judge("http://127.0.0.1:4010/api").is_some());
        assert!(judge("file:///etc/hosts").is_some());
        assert!(judge("").is_some());
        assert_eq!(judge("mailto:security@example.com"), None);
    }
}
