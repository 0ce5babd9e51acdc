//! A small CSS minifier: comments out, white space collapsed, spaces dropped where CSS never
//! needs them, the last `;` of a block dropped.
//!
//! Why our own rather than lightningcss: lightningcss (with its parser, selector and colour
//! crates) took minutes of CPU to compile here for a stylesheet of ~9 KB whose savings come
//! almost entirely from comments and white space (figures in the README). The rules below
//! never change meaning: strings and `url(…)` are copied as is, and a space is only dropped
//! next to characters that end a token on their own (`{ } ; , >` and after `:`). A space
//! before `:` is kept (`a :hover` differs from `a:hover`), as are spaces around `+`, `-`, `*`,
//! `/` (`calc()` needs them).

/// Characters around which white space carries no meaning.
fn is_tight(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',' | '>')
}

/// Minifies a stylesheet; see the module documentation for what it does and does not touch.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // A space seen and not yet written: written only if the next token needs it.
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                copy_string(&mut chars, &mut out, c);
            }
            _ => {
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                if out.ends_with("url(") {
                    copy_url(&mut chars, &mut out);
                }
            }
        }
    }
    out
}

/// Writes a pending space before `next` unless either side makes it unnecessary.
fn flush_space(out: &mut String, pending: &mut bool, next: char) {
    if std::mem::take(pending) {
        match out.chars().last() {
            None => {}
            // Not before `(`: `and (` in a media query must not become the function `and(`.
            Some(prev)
                if is_tight(prev) || matches!(prev, ':' | '(') || is_tight(next) || next == ')' => {
            }
            Some(_) => out.push(' '),
        }
    }
}

/// Copies a quoted string through its closing quote, escapes included.
fn copy_string(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    out: &mut String,
    quote: char,
) {
    while let Some(d) = chars.next() {
        out.push(d);
        if d == '\\' {
            if let Some(e) = chars.next() {
                out.push(e);
            }
        } else if d == quote || d == '\n' {
            break;
        }
    }
}

/// Copies the inside of `url(` through its `)`: an unquoted URL may hold `//` or spaces.
fn copy_url(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    while let Some(&d) = chars.peek() {
        if d.is_whitespace() {
            chars.next();
            continue;
        }
        break;
    }
    match chars.peek() {
        Some(&q) if q == '"' || q == '\'' => {}
        _ => {
            for d in chars.by_ref() {
                if d == ')' {
                    out.truncate(out.trim_end().len());
                    out.push(')');
                    return;
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn drops_comments_white_space_and_last_semicolons() {
        let css = "/* theme */\n:root {\n  --bg: #fff;\n}\n\n@media (min-width: 40em) {\n  a > b,\n  c { color: red; margin: 0 auto; }\n}\n";
        assert_eq!(
            minify_css(css),
            ":root{--bg:#fff}@media (min-width:40em){a>b,c{color:red;margin:0 auto}}"
        );
    }

    #[test]
    fn keeps_what_changes_meaning() {
        // Descendant pseudo-class, calc operators, strings and urls stay as written.
        let css = "a :hover { width: calc(100% - 2rem); }\n.q::before { content: \"a  /* b */  c\"; }\n.i { background: url( img/a b.png ) }\n.j { background: url(\"x;y.png\") }";
        assert_eq!(
            minify_css(css),
            "a :hover{width:calc(100% - 2rem)}.q::before{content:\"a  /* b */  c\"}.i{background:url(img/a b.png)}.j{background:url(\"x;y.png\")}"
        );
    }

    #[test]
    fn the_default_theme_shrinks_and_keeps_every_rule() {
        let css = include_str!("../themes/default/static/style.css");
        let min = minify_css(css);
        assert!(
            min.len() * 10 < css.len() * 9,
            "{} → {}",
            css.len(),
            min.len()
        );
        assert_eq!(
            css.matches('{').count(),
            min.matches('{').count(),
            "every block kept"
        );
        assert!(!min.contains("/*") && !min.contains('\n'));
    }
}
