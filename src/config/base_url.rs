//! `base_url`, split into the origin and the site path every URL of the output is built on.

use crate::diagnostics::BaseUrlFault;

/// The scheme-and-host part and the path part of `base_url`, kept apart because every URL in
/// the output is built from the path (so a site can live under `/glossary/`) while canonical
/// links and feeds need the absolute form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://example.com` (no trailing slash); empty for a path-only base such as `/`.
    pub origin: String,
    /// `/glossary/`: always starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<BaseUrl, BaseUrlFault> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(BaseUrlFault::Missing);
        }
        let (origin, path) = match raw.find("://") {
            Some(i) => {
                let after = &raw[i + 3..];
                match after.find('/') {
                    Some(j) => (&raw[..i + 3 + j], &after[j..]),
                    None => (raw, "/"),
                }
            }
            None if raw.starts_with('/') => ("", raw),
            None => return Err(BaseUrlFault::NotAbsolute(raw.to_string())),
        };
        if path.contains(['?', '#', ' ']) {
            return Err(BaseUrlFault::QueryOrFragment(raw.to_string()));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: origin.to_string(),
            path,
        })
    }

    /// The absolute form of a site path (`/glossary/terms/ltv/` → `https://…/glossary/terms/ltv/`).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, site_path)
    }

    pub fn full(&self) -> String {
        self.absolute(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_path_is_kept_and_slash_terminated() {
        let b = BaseUrl::parse("https://example.com/glossary").unwrap();
        assert_eq!(b.origin, "https://example.com");
        assert_eq!(b.path, "/glossary/");
        assert_eq!(
            b.absolute("/glossary/terms/"),
            "https://example.com/glossary/terms/"
        );
        let b = BaseUrl::parse("http://127.0.0.1:1111").unwrap();
        assert_eq!(b.path, "/");
        assert!(BaseUrl::parse("example.com").is_err());
    }
}
