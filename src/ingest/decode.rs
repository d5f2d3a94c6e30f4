//! Bytes to text: UTF-8, else the detected encoding, with a warning (SPEC §9).

use encoding_rs::Encoding;

/// The result of decoding a file's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Valid UTF-8 (a UTF-8 byte-order mark is dropped).
    Utf8(String),
    /// Text in another encoding, decoded; the encoding's name is reported.
    Reencoded {
        /// The decoded text.
        text: String,
        /// The encoding it was read as, e.g. `windows-1252`, `UTF-16LE`.
        encoding: &'static str,
    },
    /// Not text: NUL bytes or many control characters.
    Binary,
}

/// Decodes a file's bytes: a byte-order mark decides first (UTF-8, UTF-16),
/// then valid UTF-8, then — unless the bytes look binary — the encoding
/// `chardetng` detects (Windows-1252, ISO-8859-x, KOI8-R, …).
///
/// # Examples
/// ```
/// use framelens::ingest::decode::{decode, Decoded};
/// assert_eq!(decode("Baku".as_bytes()), Decoded::Utf8("Baku".into()));
/// let cp1252 = b"Erdo\xF0an\x92s";
/// assert!(matches!(decode(cp1252), Decoded::Reencoded { .. }));
/// ```
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == encoding_rs::UTF_8 {
            if let Ok(s) = std::str::from_utf8(body) {
                return Decoded::Utf8(s.to_string());
            }
        } else {
            let (text, _) = encoding.decode_without_bom_handling(body);
            return Decoded::Reencoded { text: text.into_owned(), encoding: encoding.name() };
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if looks_binary(s.as_bytes()) {
            return Decoded::Binary;
        }
        return Decoded::Utf8(s.to_string());
    }
    if looks_binary(bytes) {
        return Decoded::Binary;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    Decoded::Reencoded { text: text.into_owned(), encoding: encoding.name() }
}

/// A NUL byte, or more than 10% control characters other than whitespace, in
/// the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls =
        head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    !head.is_empty() && controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFBaku"), Decoded::Utf8("Baku".into()));
        assert_eq!(decode("Ереван".as_bytes()), Decoded::Utf8("Ереван".into()));
        assert_eq!(decode(b""), Decoded::Utf8(String::new()));
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Russia’s “occupation”" in Windows-1252
        let bytes = b"Russia\x92s \x93occupation\x94 of the region was discussed at length.";
        match decode(bytes) {
            Decoded::Reencoded { text, encoding } => {
                assert_eq!(encoding, "windows-1252");
                assert_eq!(text, "Russia’s “occupation” of the region was discussed at length.");
            }
            other => panic!("expected re-encoded text, got {other:?}"),
        }
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Karabakh".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes),
            Decoded::Reencoded { text: "Karabakh".into(), encoding: "UTF-16LE" }
        );
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Decoded::Binary);
        assert_eq!(decode(&[1, 2, 3, 4, 5, 6, 7, 8, b'a']), Decoded::Binary);
    }
}
