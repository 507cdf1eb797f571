//! A tolerant XML reader for the Genius corpus, built on quick-xml's event reader.
//!
//! Genius reads its files with its own permissive parser, and some files of the corpus are not
//! well-formed XML. Before parsing, [`read`] repairs the quirks whose intent is clear, each with
//! a warning naming the line: a comment (or anything but blanks) before the XML declaration, a
//! bare `&` (escaped to `&amp;`), and attributes with no space between them (a space is
//! inserted). Repairs never add or remove a line break, so line numbers stay those of the file.
//! Anything else that is not well-formed is refused with the file, the line and quick-xml's
//! reason. No byte sequence panics.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::error::{FormatError, Warning};

/// Nesting deeper than this is refused (the corpus nests at most 6 levels).
const MAX_DEPTH: usize = 64;
/// More elements than this are refused.
const MAX_ELEMENTS: usize = 2_000_000;
/// Files larger than this are refused (the limit of a scenario file).
pub const MAX_BYTES: usize = accord_model::parse::limits::MAX_FILE_BYTES;

/// One element: its tag name, attributes in file order, child elements and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The tag name.
    pub name: String,
    /// The attributes, unescaped, in file order.
    pub attrs: Vec<(String, String)>,
    /// The child elements in file order (text is dropped: Genius keeps everything in attributes).
    pub children: Vec<Element>,
    /// The line of the start tag, from 1.
    pub line: usize,
}

impl Element {
    /// The value of an attribute (names compared exactly).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements with this tag name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child element with this tag name.
    pub fn child<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.children_named(name).next()
    }

    /// This element and all its descendants, in document (pre-) order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

/// Reads a file's bytes as XML, tolerating the corpus's quirks (see the module docs).
pub fn read(file: &str, bytes: &[u8]) -> Result<(Element, Vec<Warning>), FormatError> {
    if bytes.len() > MAX_BYTES {
        return Err(FormatError::file(
            file,
            format!("the file is larger than {MAX_BYTES} bytes (16 MiB)"),
        ));
    }
    let decoded = decode(file, bytes)?;
    let text = decoded.as_ref();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut warnings = Vec::new();
    let first = text.trim_start();
    if !first.starts_with('<') {
        let line = line_of(text.as_bytes(), text.len() - first.len());
        let snippet: String = first.chars().take(24).collect();
        let reason = if looks_like_pareto(first) {
            "not XML: a plain-text list of Pareto-frontier points (`u1, u2` per line, the ANAC \
             2014 `pareto.xml` sidecar), not a domain or a profile"
                .to_owned()
        } else if first.is_empty() {
            "not XML: the file is empty".to_owned()
        } else {
            format!("not XML: the file starts with {snippet:?}, not with `<`")
        };
        return Err(FormatError::at(file, line, reason));
    }
    let fixed = repair(file, text, &mut warnings);
    let root = parse_tree(file, &fixed)?;
    Ok((root, warnings))
}

/// Decodes a file's bytes as XML 1.0 says: by the byte-order mark (UTF-8, UTF-16 LE or BE),
/// else by the `encoding` of the XML declaration (UTF-8, UTF-16, ISO-8859-1 / Latin-1,
/// windows-1252; labels as the WHATWG Encoding Standard names them, through `encoding_rs`),
/// else as UTF-8. A UTF-16 file without a mark is recognised by its first `<` (`3C 00` or
/// `00 3C`). Bytes that are invalid in the chosen encoding are refused with the line.
///
/// The label ISO-8859-1 decodes as windows-1252 (the WHATWG rule): the two differ only on the
/// bytes 0x80–0x9F, C1 control characters in Latin-1 that no text file uses. An unknown label
/// is read as UTF-8.
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<std::borrow::Cow<'a, str>, FormatError> {
    use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
    let (encoding, named) = if let Some((enc, _)) = Encoding::for_bom(bytes) {
        (enc, "its byte-order mark")
    } else if bytes.starts_with(&[b'<', 0]) {
        (
            UTF_16LE,
            "its first bytes (UTF-16 LE without a byte-order mark)",
        )
    } else if bytes.starts_with(&[0, b'<']) {
        (
            UTF_16BE,
            "its first bytes (UTF-16 BE without a byte-order mark)",
        )
    } else {
        match declared_encoding(bytes) {
            Some(label) => match Encoding::for_label(label.as_bytes()) {
                // A declaration read in ASCII cannot truly say UTF-16 (its bytes would hold
                // zeros): the file is in an ASCII-compatible encoding; read it as UTF-8.
                Some(enc) if enc == UTF_16LE || enc == UTF_16BE => (UTF_8, "its XML declaration"),
                Some(enc) => (enc, "its XML declaration"),
                // An unknown label: read as UTF-8, which refuses the file if it is not.
                None => (UTF_8, "its XML declaration"),
            },
            None => (UTF_8, "default"),
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(strip_bom(bytes, encoding));
    if had_errors {
        // Only UTF-8 and UTF-16 have invalid sequences; find the first for the message.
        let (at, line) = if encoding == UTF_8 {
            let body = strip_bom(bytes, encoding);
            let at = std::str::from_utf8(body)
                .err()
                .map_or(0, |e| e.valid_up_to());
            (at, line_of(body, at))
        } else {
            let line = text
                .find('\u{fffd}')
                .map_or(1, |at| line_of(text.as_bytes(), at));
            (0, line)
        };
        let what = if encoding == UTF_8 {
            format!(
                "not UTF-8 text (invalid byte at offset {at}); declare the file's encoding in \
                 its XML declaration"
            )
        } else {
            format!(
                "not valid {} text (the encoding given by {named})",
                encoding.name()
            )
        };
        return Err(FormatError::at(file, line, what));
    }
    Ok(text)
}

fn strip_bom<'a>(bytes: &'a [u8], encoding: &'static encoding_rs::Encoding) -> &'a [u8] {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, len)) if enc == encoding => &bytes[len..],
        _ => bytes,
    }
}

/// The `encoding="…"` of an XML declaration at the start of the bytes (read as ASCII), if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.iter().position(|c| !c.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &rest[1..];
    Some(body[..body.find(quote)?].trim().to_owned())
}

/// Whether text looks like lines of `number, number`.
fn looks_like_pareto(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some()
        && lines.take(1000).all(|l| {
            let parts: Vec<&str> = l.split(',').collect();
            parts.len() >= 2 && parts.iter().all(|p| p.trim().parse::<f64>().is_ok())
        })
}

/// The line (from 1) of a byte offset.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Repairs the quirks whose intent is clear. Keeps every line break where it was.
fn repair(file: &str, text: &str, warnings: &mut Vec<Warning>) -> String {
    let mut text = text.to_owned();
    // An XML declaration that is not at the very start (ANAC 2014 profiles start with a
    // comment): strict parsers refuse it; blank it out.
    let trimmed = text.trim_start();
    if !trimmed.starts_with("<?xml")
        && let Some(at) = text.find("<?xml")
        && text[..at].trim().starts_with("<!--")
        && let Some(end) = text[at..].find("?>")
    {
        let line = line_of(text.as_bytes(), at);
        warnings.push(Warning::at(
            file,
            line,
            "the XML declaration is not at the start of the file (a comment comes first); read \
             as if it were",
        ));
        let blank: String = text[at..at + end + 2]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        text.replace_range(at..at + end + 2, &blank);
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    let mut line = 1;
    // State: outside markup, inside a tag (`in_tag`), inside a quoted value (`quote`).
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    let mut bare_amp_lines: Vec<usize> = Vec::new();
    let mut glued_lines: Vec<usize> = Vec::new();
    while i < b.len() {
        let c = b[i];
        // Comments, CDATA and processing instructions are copied untouched.
        if !in_tag && c == b'<' {
            let rest = &text[i..];
            let skip_to = if rest.starts_with("<!--") {
                rest.find("-->").map(|e| e + 3)
            } else if rest.starts_with("<![CDATA[") {
                rest.find("]]>").map(|e| e + 3)
            } else if rest.starts_with("<?") {
                rest.find("?>").map(|e| e + 2)
            } else {
                None
            };
            if let Some(len) = skip_to {
                line += rest[..len].matches('\n').count();
                out.push_str(&rest[..len]);
                i += len;
                continue;
            }
            in_tag = rest.len() > 1 && !rest[1..].starts_with(['!', ' ']);
        }
        if c == b'\n' {
            line += 1;
        }
        if c == b'&' && !is_reference(&b[i + 1..]) {
            bare_amp_lines.push(line);
            out.push_str("&amp;");
            i += 1;
            continue;
        }
        match (in_tag, quote) {
            (true, Some(q)) if c == q => {
                quote = None;
                out.push(c as char);
                i += 1;
                if let Some(&next) = b.get(i)
                    && (next.is_ascii_alphabetic() || next == b'_')
                {
                    glued_lines.push(line);
                    out.push(' ');
                }
                continue;
            }
            (true, None) if c == b'"' || c == b'\'' => quote = Some(c),
            (true, None) if c == b'>' => in_tag = false,
            _ => {}
        }
        // Copy one whole UTF-8 character.
        let len = utf8_len(c);
        let end = (i + len).min(b.len());
        out.push_str(&text[i..end]);
        i = end;
    }
    for (lines, what) in [
        (
            bare_amp_lines,
            "a bare `&` (not an entity reference); read as a literal `&`",
        ),
        (
            glued_lines,
            "two attributes with no space between them; read as if separated",
        ),
    ] {
        let mut lines = lines;
        lines.dedup();
        for l in lines {
            warnings.push(Warning::at(file, l, what));
        }
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Whether the bytes after a `&` make an entity or character reference (`name;`, `#123;`,
/// `#x1F;`).
fn is_reference(rest: &[u8]) -> bool {
    let body: Vec<u8> = rest
        .iter()
        .copied()
        .take_while(|&c| c != b';')
        .take(12)
        .collect();
    if rest.get(body.len()) != Some(&b';') || body.is_empty() {
        return false;
    }
    match body[0] {
        b'#' => {
            let digits = &body[1..];
            match digits.first() {
                Some(b'x') => digits.len() > 1 && digits[1..].iter().all(u8::is_ascii_hexdigit),
                Some(_) => digits.iter().all(u8::is_ascii_digit),
                None => false,
            }
        }
        c if c.is_ascii_alphabetic() || c == b'_' => body
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')),
        _ => false,
    }
}

fn parse_tree(file: &str, text: &str) -> Result<Element, FormatError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    let at = |offset: u64| {
        line_of(
            text.as_bytes(),
            usize::try_from(offset).unwrap_or(usize::MAX),
        )
    };
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            FormatError::at(
                file,
                at(reader.error_position()),
                format!("not well-formed XML: {e}"),
            )
        })?;
        let line = at(before) + leading_newlines(text, before);
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                return Err(FormatError::at(
                    file,
                    line,
                    format!(
                        "not well-formed XML: a second root element <{}>",
                        start.name().as_ref().to_owned()
                    ),
                ));
            }
            Event::Start(start) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(FormatError::at(
                        file,
                        line,
                        "the document nests too deep or has too many elements",
                    ));
                }
                stack.push(element(file, &start, line)?);
            }
            Event::Empty(start) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(FormatError::at(file, line, "too many elements"));
                }
                let e = element(file, &start, line)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(e),
                    None => root = Some(e),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(FormatError::at(
                        file,
                        line,
                        "not well-formed XML: an end tag with no start tag",
                    ));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Eof => break,
            Event::Text(t) if root.is_some() && stack.is_empty() => {
                let line = at(before);
                return Err(FormatError::at(
                    file,
                    line,
                    format!(
                        "not well-formed XML: text after the root element ({:?})",
                        t.into_inner().chars().take(24).collect::<String>()
                    ),
                ));
            }
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(FormatError::at(
            file,
            open.line,
            format!(
                "not well-formed XML: <{}> is never closed (the file ends first)",
                open.name
            ),
        ));
    }
    root.ok_or_else(|| FormatError::file(file, "not XML: no element in the file"))
}

/// quick-xml reports the position before skipped blanks; count the line breaks up to the `<`.
fn leading_newlines(text: &str, from: u64) -> usize {
    let from = usize::try_from(from).unwrap_or(usize::MAX).min(text.len());
    text.as_bytes()[from..]
        .iter()
        .take_while(|c| c.is_ascii_whitespace())
        .filter(|&&c| c == b'\n')
        .count()
}

fn element(file: &str, start: &BytesStart<'_>, line: usize) -> Result<Element, FormatError> {
    let name = start.name().as_ref().to_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr
            .map_err(|e| FormatError::at(file, line, format!("bad attribute in <{name}>: {e}")))?;
        let key = attr.key.as_ref().to_owned();
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| {
                FormatError::at(
                    file,
                    line,
                    format!("bad value of attribute `{key}` in <{name}>: {e}"),
                )
            })?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_known_quirks_with_warnings() {
        let text =
            "<!-- profile -->\n<?xml version=\"1.0\"?>\n<a>\n<b x=\"1\"y=\"AT & T\"/>\n</a>\n";
        let (root, warnings) = read("f.xml", text.as_bytes()).unwrap();
        let b = root.child("b").unwrap();
        assert_eq!(b.attr("x"), Some("1"));
        assert_eq!(b.attr("y"), Some("AT & T"));
        assert_eq!(b.line, 4);
        let lines: Vec<_> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![Some(2), Some(4), Some(4)], "{warnings:?}");
    }

    #[test]
    fn decodes_by_bom_then_declaration() {
        let text = "<a v=\"Gr\u{f6}\u{df}e \u{20ac}\"/>";
        let utf16 = |be: bool, bom: bool| {
            let mut out: Vec<u8> = Vec::new();
            if bom {
                out.extend(if be { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
            }
            for u in text.encode_utf16() {
                out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            out
        };
        let cp1252 = b"<?xml version='1.0' encoding='windows-1252'?><a v=\"Gr\xf6\xdfe \x80\"/>";
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.as_bytes());
        for bytes in [
            utf16(false, true),
            utf16(true, true),
            utf16(false, false),
            utf16(true, false),
            cp1252.to_vec(),
            bom8,
        ] {
            let (root, _) = read("f", &bytes).unwrap();
            assert_eq!(
                root.attr("v"),
                Some("Gr\u{f6}\u{df}e \u{20ac}"),
                "{bytes:?}"
            );
        }
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a v=\"caf\xe9\"/>";
        assert_eq!(read("f", latin1).unwrap().0.attr("v"), Some("caf\u{e9}"));
        // Undeclared, the same bytes are not UTF-8: refused with the line.
        let e = read("f", b"<a>\n<b v=\"caf\xe9\"/></a>").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.reason.starts_with("not UTF-8 text"), "{e}");
    }

    #[test]
    fn entities_are_kept() {
        let (root, warnings) = read("f", b"<a v=\"x &amp; y &#65; &lt;\"/>").unwrap();
        assert_eq!(root.attr("v"), Some("x & y A <"));
        assert!(warnings.is_empty());
    }

    #[test]
    fn refusals_name_the_line() {
        let e = read("p.xml", b"0.75, 1.0\n0.8, 0.9\n").unwrap_err();
        assert!(e.reason.contains("Pareto"), "{e}");
        let e = read("x.xml", b"<a>\n<b>\n</a>\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = read("x.xml", b"<a>\n<b>\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = read("x.xml", b"<a/>\n<b/>").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = read("x.xml", b"<a>\xff</a>").unwrap_err();
        assert!(e.reason.contains("UTF-8"), "{e}");
    }
}
