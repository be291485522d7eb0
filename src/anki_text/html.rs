//! Anki fields are HTML. For a flashcard side we want the text a reader sees: tags dropped,
//! `<br>` and block ends as line breaks, entities decoded, and what a browser never shows
//! (scripts, styles, comments) dropped with its content. The result is untrusted text like any
//! other: `text::sanitize` still runs over it.

/// Elements whose start or end is a line break.
const BLOCKS: &[&str] =
    &["br", "div", "p", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "hr"];
/// Elements whose content is never text.
const HIDDEN: &[&str] = &["script", "style", "head", "title", "template", "noscript"];

pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        rest = if rest.starts_with('&') { entity(rest, &mut out) } else { tag(rest, &mut out) };
    }
    out.push_str(rest);
    tidy(&out)
}

/// One `<…>` at the start of `s`: a line break, or nothing; what follows it is returned. A `<`
/// that opens no tag (`a < b`) is text.
fn tag<'a>(s: &'a str, out: &mut String) -> &'a str {
    if let Some(body) = s.strip_prefix("<!--") {
        return body.find("-->").map_or("", |e| &body[e + 3..]);
    }
    let opens_tag = s[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
    let Some(end) = s.find('>').filter(|_| opens_tag) else {
        out.push('<');
        return &s[1..];
    };
    let name: String = s[1..end]
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let after = &s[end + 1..];
    if HIDDEN.contains(&name.as_str()) && !s[1..].starts_with('/') {
        return skip_element(after, &name);
    }
    if BLOCKS.contains(&name.as_str()) && (name == "br" || !out.is_empty()) {
        out.push('\n');
    }
    after
}

/// Skip to just after `</name…>`, case-insensitively (or to the end when it never closes).
fn skip_element<'a>(s: &'a str, name: &str) -> &'a str {
    let close = format!("</{name}");
    let lower = s.to_ascii_lowercase();
    match lower.find(&close) {
        Some(i) => s[i..].find('>').map_or("", |e| &s[i + e + 1..]),
        None => "",
    }
}

/// One `&…;` at the start of `s`, decoded into `out`; an unknown or broken one stays as text.
fn entity<'a>(s: &'a str, out: &mut String) -> &'a str {
    let decoded = s[1..].find(';').filter(|&e| e <= 10).and_then(|e| Some((decode(&s[1..e + 1])?, e + 2)));
    match decoded {
        Some((c, len)) => {
            out.push(c);
            &s[len..]
        }
        None => {
            out.push('&');
            &s[1..]
        }
    }
}

fn decode(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok().and_then(char::from_u32);
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        "hellip" => Some('…'),
        "rarr" => Some('→'),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
            Some(dec) => number(dec, 10),
            None => None,
        },
    }
}

/// Trailing spaces off each line, at most one blank line in a row, none at either end.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines().map(str::trim_end) {
        blank = if line.is_empty() { blank + 1 } else { 0 };
        if blank < 2 {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn tags_go_breaks_stay_and_entities_decode() {
        assert_eq!(to_text("<b>S3</b> &amp; <i>EBS</i><br>line&nbsp;two<div>three</div>"), "S3 & EBS\nline two\nthree");
        assert_eq!(to_text("a &lt; b &#60; c &#x3C; d"), "a < b < c < d");
        assert_eq!(to_text("x < y and &bogus; &"), "x < y and &bogus; &", "not markup: kept as text");
    }

    #[test]
    fn scripts_styles_and_comments_are_dropped_with_their_content() {
        let hostile = "ok<script>alert('x')</script><STYLE>p{}</style x><!-- hidden -->done<script>never closed";
        assert_eq!(to_text(hostile), "okdone");
    }

    #[test]
    fn an_entity_cannot_smuggle_a_control_character_past_sanitising() {
        let text = crate::text::sanitize(&to_text("a&#27;[2Jb&#x9b;c")).into_owned();
        assert!(crate::text::find_forbidden(&text).is_none(), "{text:?}");
    }
}
