//! Where a link written on a page leads: a path of the output, an external URL, or nowhere
//! we can check. Plain string work with no knowledge of the site's files, so that the
//! per-page scan can call it for every link without allocating more than its path.

/// The site's `base_url`, as links may spell it.
pub(super) struct LinkBase {
    /// `https://example.com/glossary/`: an absolute link with this prefix is internal.
    pub(super) full: String,
    /// `/glossary/`: a root-relative link with this prefix is internal.
    pub(super) path: String,
}

pub(super) enum Resolved<'r> {
    /// Not checkable here: `mailto:`, a path outside `base_url`'s path, an empty href.
    Skip,
    External(String),
    /// A path relative to the output root (left in the caller's buffer), and the fragment
    /// as written.
    Internal(Option<&'r str>),
    /// `..` above the site's root.
    Outside,
}

impl LinkBase {
    /// Where `raw`, written on page `output`, leads; an internal path is left in `path`
    /// (cleared first), which the caller keeps from link to link.
    pub(super) fn resolve<'r>(
        &self,
        output: &str,
        raw: &'r str,
        path: &mut String,
    ) -> Resolved<'r> {
        path.clear();
        let v = raw.trim();
        let (no_fragment, fragment) = match v.split_once('#') {
            Some((a, f)) => (a, Some(f)),
            None => (v, None),
        };
        let written = no_fragment.split('?').next().unwrap_or("");
        if written.is_empty() {
            if v.is_empty() {
                return Resolved::Skip;
            }
            path.push_str(output);
            return Resolved::Internal(fragment);
        } else if has_scheme(written) {
            let web = ["http://", "https://"]
                .iter()
                .any(|scheme| strip_prefix_ci(written, scheme).is_some());
            if !web {
                return Resolved::Skip;
            }
            match strip_prefix_ci(written, &self.full) {
                Some(rest) => path.push_str(rest),
                None => return Resolved::External(no_fragment.to_string()),
            }
        } else if written.starts_with("//") {
            return Resolved::External(format!("https:{no_fragment}"));
        } else if let Some(rest) = written.strip_prefix(self.path.as_str()) {
            path.push_str(rest);
        } else if written.starts_with('/') {
            return Resolved::Skip;
        } else {
            let dir = output.rfind('/').map_or("", |i| &output[..=i]);
            path.push_str(dir);
            path.push_str(written);
        }
        // Most links are plain paths: no `.` segment to resolve, nothing to decode.
        let plain = !path.starts_with('.') && !path.contains("/.") && !path.contains('%');
        if !plain {
            match remove_dot_segments(path) {
                Some(p) => *path = percent_decode(&p),
                None => return Resolved::Outside,
            }
        }
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        Resolved::Internal(fragment)
    }
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Resolves `.` and `..` segments; `None` when `..` climbs above the root.
fn remove_dot_segments(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for seg in &segments {
        match *seg {
            "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    if matches!(segments.last(), Some(&"." | &"..")) {
        out.push("");
    }
    Some(out.join("/"))
}

/// `%E3%81%82` → `あ`; a malformed escape stays as written.
pub(super) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
