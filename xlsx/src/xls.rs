//! Excel 97–2003 workbooks (.xls): the BIFF8 records of the `Workbook` stream of a compound file
//! (MS-CFB, MS-XLS). Many offices still save ledgers this way (WPS's and older Excel's default,
//! and what many government systems export), so the command line and the ledger page read them
//! as they read an .xlsx: every worksheet's cells and merged regions, then the same CSV text.
//!
//! A reader of our own rather than calamine's: calamine's follows a compound file's sector chains
//! without bounding them (a loop in a chain never ends), and reserves cells for the rectangle a
//! worksheet's DIMENSIONS record states before reading any, so a file of a few hundred bytes can
//! ask for gigabytes. Here every chain is bounded by the file's own sectors, nothing is reserved
//! from what a file states, and every read is checked: a damaged or hostile file is refused with
//! a message, never read past its end.

use calamine::{CellErrorType, Data, Dimensions, ExcelDateTime, ExcelDateTimeType};

use crate::{ReadError, MAX_CELLS};

/// The first eight bytes of every compound file.
pub const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A sector number that ends a chain, or marks a sector as free or reserved.
const LAST_SECTOR: u32 = 0xFFFF_FFFA;

/// What is damaged, in English and in Chinese.
fn damaged(en: &str, zh: &str) -> ReadError {
    ReadError::new(
        format!("the workbook is damaged ({en})"),
        format!("工作簿已损坏，无法读取（{zh}）。可在 Excel 或 WPS 中打开，另存为 .xlsx 工作簿后再核查。"),
    )
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let bytes = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes(bytes.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let bytes = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

fn f64_at(b: &[u8], at: usize) -> Option<f64> {
    let bytes = b.get(at..at.checked_add(8)?)?;
    Some(f64::from_le_bytes(bytes.try_into().ok()?))
}

/// Little-endian u32s, four bytes each.
fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).filter_map(|c| Some(u32::from_le_bytes(c.try_into().ok()?)))
}

fn usize_of(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A compound file: its sectors and their allocation table.
struct Compound<'a> {
    bytes: &'a [u8],
    /// log2 of the sector size (9: 512 bytes, 12: 4096).
    shift: u32,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8]) -> Result<Compound<'a>, ReadError> {
        if bytes.get(..8) != Some(&SIGNATURE[..]) {
            return Err(ReadError::new("not an Excel 97–2003 (.xls) workbook", "不是 Excel 97–2003（.xls）工作簿。"));
        }
        let shift = match u16_at(bytes, 0x1E) {
            Some(9) => 9,
            Some(12) => 12,
            _ => return Err(damaged("its sector size is not one a compound file has", "扇区大小不合格式")),
        };
        let mut cf = Compound { bytes, shift, fat: Vec::new() };
        // The allocation table's sectors: the first 109 listed in the header, the others in a
        // chain of sectors of their own (the last entry of each naming the next).
        let mut fat_sectors: Vec<u32> = u32s(bytes.get(0x4C..0x200).unwrap_or_default()).collect();
        let mut next = u32_at(bytes, 0x44).unwrap_or(u32::MAX);
        let per_sector = cf.sector_size() / 4;
        let mut seen = 0usize;
        while next < LAST_SECTOR {
            seen = seen.saturating_add(1);
            if seen > cf.sectors() {
                return Err(damaged("its sector list runs in a circle", "扇区表首尾相接成环"));
            }
            let sector = cf
                .sector(next)
                .ok_or_else(|| damaged("a sector lies beyond the end of the file", "有扇区超出了文件末尾"))?;
            let entries: Vec<u32> = u32s(sector).collect();
            let (last, rest) = entries.split_last().ok_or_else(|| damaged("an empty sector", "有空扇区"))?;
            fat_sectors.extend_from_slice(rest);
            next = *last;
        }
        let mut fat = Vec::new();
        for id in fat_sectors.into_iter().filter(|&id| id < LAST_SECTOR) {
            let sector = cf
                .sector(id)
                .ok_or_else(|| damaged("a sector lies beyond the end of the file", "有扇区超出了文件末尾"))?;
            fat.extend(u32s(sector));
            // A sector listed twice would make the table longer than the file's sectors.
            if fat.len() > cf.sectors().saturating_mul(2).saturating_add(per_sector) {
                return Err(damaged("its allocation table is longer than the file", "分配表比文件还长"));
            }
        }
        cf.fat = fat;
        Ok(cf)
    }

    fn sector_size(&self) -> usize {
        1usize << self.shift
    }

    /// How many sectors the file holds after its header, a last one cut short counted.
    fn sectors(&self) -> usize {
        (self.bytes.len().saturating_add(self.sector_size().saturating_sub(1)) >> self.shift).saturating_sub(1)
    }

    /// A sector's bytes; the file's last may be cut short (some writers do not fill it), and is
    /// then what there is of it.
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = usize_of(id).checked_add(1)?.checked_mul(self.sector_size())?;
        if start >= self.bytes.len() {
            return None;
        }
        self.bytes.get(start..start.saturating_add(self.sector_size()).min(self.bytes.len()))
    }

    /// The bytes of the chain that starts at `start` in `table`, read by `get`, cut to `size`
    /// (none: the whole chain, as the directory's, which states no size): at most one pass over
    /// the table, so a chain that loops is refused.
    fn chain<'b>(
        table: &[u32],
        start: u32,
        size: Option<usize>,
        get: impl Fn(u32) -> Option<&'b [u8]>,
    ) -> Result<Vec<u8>, ReadError> {
        let want = size.unwrap_or(usize::MAX);
        let mut out = Vec::with_capacity(size.unwrap_or(0));
        let mut id = start;
        let mut steps = 0usize;
        while out.len() < want && id < LAST_SECTOR {
            steps = steps.saturating_add(1);
            if steps > table.len() {
                return Err(damaged("a chain of its sectors runs in a circle", "扇区链首尾相接成环"));
            }
            out.extend_from_slice(
                get(id).ok_or_else(|| damaged("a sector lies beyond the end of the file", "有扇区超出了文件末尾"))?,
            );
            id = *table
                .get(usize_of(id))
                .ok_or_else(|| damaged("a sector is not in its allocation table", "有扇区不在分配表中"))?;
        }
        if let Some(size) = size {
            if out.len() < size {
                return Err(damaged("a stream is shorter than it states", "数据流比其声明的短"));
            }
            out.truncate(size);
        }
        Ok(out)
    }

    /// A chain of whole sectors; a stated size beyond the file's is refused before any is read.
    fn stream(&self, start: u32, size: Option<usize>) -> Result<Vec<u8>, ReadError> {
        if size.is_some_and(|n| n > self.bytes.len()) {
            return Err(damaged("a stream states more bytes than the file holds", "数据流声明的长度超过文件本身"));
        }
        Self::chain(&self.fat, start, size, |id| self.sector(id))
    }

    /// The stream named `Workbook` (or `Book`, as some writers name it).
    fn workbook(&self) -> Result<Vec<u8>, ReadError> {
        let b = self.bytes;
        let at = |offset: usize| u32_at(b, offset).unwrap_or(u32::MAX);
        let dirs = self.stream(at(0x30), None)?;
        let entry = |i: usize| dirs.get(i.checked_mul(128)?..i.checked_mul(128)?.checked_add(128)?);
        let root = entry(0).ok_or_else(|| damaged("it has no directory", "没有目录"))?;
        let mut found = None;
        for i in 1..dirs.len() / 128 {
            let Some(e) = entry(i) else { break };
            let len = usize::from(u16_at(e, 0x40).unwrap_or(0)).min(64);
            let units: Vec<u16> =
                (0..len / 2).map_while(|k| u16_at(e, k.checked_mul(2)?)).take_while(|&u| u != 0).collect();
            let name = String::from_utf16_lossy(&units);
            if e.get(0x42) == Some(&2) && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book")) {
                found = Some(e);
                break;
            }
        }
        let e = found.ok_or_else(|| {
            ReadError::new(
                "not an Excel workbook: the file holds no workbook (a Word or other Office file?)",
                "不是 Excel 工作簿：文件中没有工作簿（可能是 Word 等其他 Office 文件）。",
            )
        })?;
        let start = u32_at(e, 0x74).unwrap_or(u32::MAX);
        let size = usize_of(u32_at(e, 0x78).unwrap_or(0));
        if size >= usize_of(u32_at(b, 0x38).unwrap_or(4096)) {
            return self.stream(start, Some(size));
        }
        // A small stream lies in 64-byte pieces of the root's own stream, chained by a table of
        // their own.
        if size > self.bytes.len() {
            return Err(damaged("a stream states more bytes than the file holds", "数据流声明的长度超过文件本身"));
        }
        let mini =
            self.stream(u32_at(root, 0x74).unwrap_or(u32::MAX), Some(usize_of(u32_at(root, 0x78).unwrap_or(0))))?;
        let mini_fat_len = usize_of(u32_at(b, 0x40).unwrap_or(0)).saturating_mul(self.sector_size());
        let mini_fat: Vec<u32> = u32s(&self.stream(at(0x3C), Some(mini_fat_len))?).collect();
        Self::chain(&mini_fat, start, Some(size), |id| {
            let at = usize_of(id).checked_mul(64)?;
            mini.get(at..at.checked_add(64)?)
        })
    }
}

/// The records of a BIFF stream from `at`: (type, data, where the next record starts).
fn record(stream: &[u8], at: usize) -> Option<(u16, &[u8], usize)> {
    let typ = u16_at(stream, at)?;
    let len = usize::from(u16_at(stream, at.checked_add(2)?)?);
    let start = at.checked_add(4)?;
    let end = start.checked_add(len)?;
    Some((typ, stream.get(start..end)?, end))
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;

/// A record's data and that of the CONTINUE records after it, read as one: characters of a string
/// that crosses into a CONTINUE record start with an options byte of their own there.
struct Pieces<'a> {
    pieces: Vec<&'a [u8]>,
    piece: usize,
    at: usize,
}

impl<'a> Pieces<'a> {
    fn new(stream: &'a [u8], first: &'a [u8], mut next: usize) -> Pieces<'a> {
        let mut pieces = vec![first];
        while let Some((CONTINUE, data, after)) = record(stream, next) {
            pieces.push(data);
            next = after;
        }
        Pieces { pieces, piece: 0, at: 0 }
    }

    fn left_here(&self) -> usize {
        self.pieces.get(self.piece).map_or(0, |p| p.len().saturating_sub(self.at))
    }

    /// Moves to the next piece when this one is used up; false at the end.
    fn settle(&mut self) -> bool {
        while self.left_here() == 0 {
            if self.piece >= self.pieces.len() {
                return false;
            }
            self.piece = self.piece.saturating_add(1);
            self.at = 0;
        }
        true
    }

    fn byte(&mut self) -> Option<u8> {
        if !self.settle() {
            return None;
        }
        let b = self.pieces.get(self.piece)?.get(self.at).copied()?;
        self.at = self.at.saturating_add(1);
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([self.byte()?, self.byte()?, self.byte()?, self.byte()?]))
    }

    /// Skips `n` bytes, across pieces as they come.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if !self.settle() {
                return None;
            }
            let step = n.min(self.left_here());
            self.at = self.at.saturating_add(step);
            n = n.saturating_sub(step);
        }
        Some(())
    }

    /// An XLUnicodeRichExtendedString (MS-XLS 2.5.293): a count, options, then the characters
    /// (one byte each, or two), its formatting runs and phonetic text skipped.
    fn string(&mut self, count: usize) -> Option<String> {
        let options = self.byte()?;
        let runs = if options & 0x08 != 0 { usize::from(self.u16()?) } else { 0 };
        let phonetic = if options & 0x04 != 0 { usize_of(self.u32()?) } else { 0 };
        let mut wide = options & 0x01 != 0;
        let mut units: Vec<u16> = Vec::with_capacity(count.min(self.left_here()));
        while units.len() < count {
            if self.left_here() == 0 {
                // The characters go on in the next CONTINUE record, after an options byte of
                // their own.
                self.piece = self.piece.saturating_add(1);
                self.at = 0;
                if self.piece >= self.pieces.len() {
                    return None;
                }
                wide = self.byte()? & 0x01 != 0;
                continue;
            }
            let piece = self.pieces.get(self.piece)?;
            if wide {
                let lo = *piece.get(self.at)?;
                let hi = *piece.get(self.at.checked_add(1)?)?;
                units.push(u16::from_le_bytes([lo, hi]));
                self.at = self.at.checked_add(2)?;
            } else {
                units.push(u16::from(*piece.get(self.at)?));
                self.at = self.at.checked_add(1)?;
            }
        }
        self.skip(runs.saturating_mul(4))?;
        self.skip(phonetic)?;
        Some(String::from_utf16_lossy(&units))
    }
}

/// A string in one record: a count (`wide_count`: two bytes, else one), options, characters.
fn short_string(data: &[u8], at: usize, wide_count: bool) -> Option<String> {
    let (count, at) = if wide_count {
        (usize::from(u16_at(data, at)?), at.checked_add(2)?)
    } else {
        (usize::from(*data.get(at)?), at.checked_add(1)?)
    };
    let mut p = Pieces { pieces: vec![data], piece: 0, at };
    p.string(count)
}

/// An RK number (MS-XLS 2.5.217): 30 bits of an integer or of a double's high bits, maybe
/// hundredths.
#[allow(clippy::cast_possible_wrap)]
fn rk(v: u32) -> f64 {
    let n = if v & 0x02 != 0 { f64::from((v as i32) >> 2) } else { f64::from_bits(u64::from(v & 0xFFFF_FFFC) << 32) };
    if v & 0x01 != 0 {
        n / 100.0
    } else {
        n
    }
}

/// Whether a number format shows a date or time (as calamine judges an .xlsx's formats, so that
/// both kinds of workbook read alike).
fn is_date_format(id: u16, text: Option<&str>) -> bool {
    if let Some(text) = text {
        return custom_is_date(text);
    }
    matches!(id, 14..=22 | 45..=47)
}

fn custom_is_date(format: &str) -> bool {
    let (mut escaped, mut quoted, mut brackets) = (false, false, 0u32);
    for c in format.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        if quoted {
            quoted = c != '"';
            continue;
        }
        match c {
            '_' | '\\' => escaped = true,
            '"' => quoted = true,
            ';' => return false,
            '[' => brackets = brackets.saturating_add(1),
            ']' => brackets = brackets.saturating_sub(1),
            'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S' if brackets == 0 => return true,
            _ => {}
        }
    }
    false
}

/// An .xls workbook: its `Workbook` stream, the worksheets in it, and what their cells refer to.
#[derive(Debug)]
pub struct XlsBook {
    stream: Vec<u8>,
    names: Vec<String>,
    /// Where each worksheet's records start in the stream.
    starts: Vec<usize>,
    strings: Vec<String>,
    /// For each cell format (XF), whether its numbers are dates.
    date_xf: Vec<bool>,
    is_1904: bool,
    /// Bytes of worksheet records still to be walked, over every reading of every worksheet: a
    /// damaged file's thousands of worksheets starting inside one another would otherwise each
    /// walk the same records.
    budget: usize,
}

impl XlsBook {
    pub fn open(bytes: &[u8]) -> Result<XlsBook, ReadError> {
        let stream = Compound::open(bytes)?.workbook()?;
        let (typ, bof, mut at) = record(&stream, 0).ok_or_else(|| damaged("its workbook is empty", "工作簿为空"))?;
        if typ != BOF || u16_at(bof, 0) != Some(0x0600) {
            return Err(ReadError::new(
                "an Excel 5.0/95 workbook or older, which cannot be read: save it in Excel or WPS as an .xlsx \
                 workbook (文件 → 另存为 → Excel 工作簿)",
                "这是 Excel 5.0/95 或更早版本的工作簿，无法读取。请在 Excel 或 WPS 中另存为 Excel 工作簿（.xlsx）后再核查（文件 → 另存为）。",
            ));
        }
        let mut book = XlsBook {
            stream: Vec::new(),
            names: Vec::new(),
            starts: Vec::new(),
            strings: Vec::new(),
            date_xf: Vec::new(),
            is_1904: false,
            budget: 0,
        };
        // By id, the last of a repeated one counting (a damaged file's thousands of formats are
        // then looked up in a step each, not a pass each).
        let mut formats: Vec<(u16, String)> = Vec::new();
        let mut xf_formats: Vec<u16> = Vec::new();
        while let Some((typ, data, next)) = record(&stream, at) {
            match typ {
                EOF => break,
                // FILEPASS: encrypted.
                0x002F => {
                    return Err(ReadError::new(
                        "the workbook is encrypted (it has a password to open): save a copy without the password \
                         and choose that",
                        "工作簿设有打开密码（已加密），无法读取。请另存一份不带密码的副本后再核查。",
                    ))
                }
                // DATEMODE: serial numbers count from 1904.
                0x0022 => book.is_1904 = u16_at(data, 0) == Some(1),
                // FORMAT: a number format's id and text.
                0x041E => {
                    if let (Some(id), Some(text)) = (u16_at(data, 0), short_string(data, 2, true)) {
                        formats.push((id, text));
                    }
                }
                // XF: a cell format, its number format at offset 2.
                0x00E0 => xf_formats.push(u16_at(data, 2).unwrap_or(0)),
                // SST: the shared strings, cut across CONTINUE records.
                0x00FC => {
                    let stated = usize_of(u32_at(data, 4).unwrap_or(0));
                    let mut p = Pieces::new(&stream, data, next);
                    p.skip(8);
                    // Each string takes at least three bytes: a stated count is not trusted.
                    let room = stream.len() / 3;
                    book.strings = Vec::with_capacity(stated.min(room));
                    while book.strings.len() < stated {
                        let Some(count) = p.u16() else { break };
                        match p.string(usize::from(count)) {
                            Some(s) => book.strings.push(s),
                            None => break,
                        }
                    }
                }
                // BOUNDSHEET: a sheet's name and where its records start; worksheets only.
                0x0085 if data.get(5) == Some(&0) => {
                    let start = usize_of(u32_at(data, 0).unwrap_or(u32::MAX));
                    let name = short_string(data, 6, false)
                        .ok_or_else(|| damaged("a worksheet has no name", "有工作表没有名称"))?;
                    book.names.push(name);
                    book.starts.push(start);
                }
                _ => {}
            }
            at = next;
        }
        // Sorted by id, stably after reversing: of a repeated id, the last is found.
        formats.reverse();
        formats.sort_by_key(|&(id, _)| id);
        let format_text = |id: u16| {
            let at = formats.partition_point(|&(f, _)| f < id);
            formats.get(at).filter(|(f, _)| *f == id).map(|(_, t)| t.as_str())
        };
        book.date_xf = xf_formats.iter().map(|&id| is_date_format(id, format_text(id))).collect();
        // Each worksheet read a few times over (the command line looks through them for the
        // header, then for others that have it too).
        book.budget = stream.len().saturating_mul(4).saturating_add(1 << 20);
        book.stream = stream;
        Ok(book)
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    fn number(&self, xf: u16, v: f64) -> Data {
        if self.date_xf.get(usize::from(xf)).copied().unwrap_or(false) {
            // Serial numbers of the 1904 date system, as those of the 1900 system.
            let v = if self.is_1904 { v + 1462.0 } else { v };
            Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false))
        } else {
            Data::Float(v)
        }
    }

    /// A worksheet's cells, each at (row, column) from 0, and its merged regions.
    #[allow(clippy::type_complexity)]
    pub fn cells(&mut self, index: usize) -> Result<(Vec<((u32, u32), Data)>, Vec<Dimensions>), ReadError> {
        let s = &self.stream;
        let start = *self.starts.get(index).ok_or_else(|| crate::no_sheet(index))?;
        let mut at = start;
        match record(s, at) {
            Some((BOF, _, next)) => at = next,
            _ => {
                return Err(damaged(
                    "a worksheet does not start where the workbook says",
                    "有工作表不在工作簿所记录的位置",
                ))
            }
        }
        let mut cells: Vec<((u32, u32), Data)> = Vec::new();
        let mut merges = Vec::new();
        // The cell of the last formula whose text value follows in a STRING record.
        let mut text_formula: Option<(u32, u32)> = None;
        let too_many = crate::too_many_cells;
        // A chart on the worksheet is a stream of records of its own inside it, BOF to EOF.
        let mut inner = 0u32;
        while let Some((typ, data, next)) = record(s, at) {
            if next.saturating_sub(start) > self.budget {
                return Err(damaged("its worksheets start inside one another", "各工作表的起始位置相互重叠"));
            }
            at = next;
            match typ {
                BOF => {
                    inner = inner.saturating_add(1);
                    continue;
                }
                EOF if inner > 0 => {
                    inner = inner.saturating_sub(1);
                    continue;
                }
                EOF => break,
                _ if inner > 0 => continue,
                _ => {}
            }
            let place = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
            let xf = u16_at(data, 4).unwrap_or(0);
            let mut push = |at: Option<(u32, u32)>, v: Option<Data>| -> Result<(), ReadError> {
                if let (Some(at), Some(v)) = (at, v) {
                    if cells.len() >= MAX_CELLS {
                        return Err(too_many());
                    }
                    cells.push((at, v));
                }
                Ok(())
            };
            match typ {
                // NUMBER
                0x0203 => push(place(), f64_at(data, 6).map(|v| self.number(xf, v)))?,
                // RK
                0x027E => push(place(), u32_at(data, 6).map(|v| self.number(xf, rk(v))))?,
                // MULRK: one row, columns from the first on, an (XF, RK) pair each.
                0x00BD => {
                    if let Some((row, first)) = place() {
                        let n = data.len().saturating_sub(6) / 6;
                        for i in 0..n {
                            let off = 4usize.saturating_add(i.saturating_mul(6));
                            let xf = u16_at(data, off).unwrap_or(0);
                            let col = first.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                            push(
                                Some((row, col)),
                                u32_at(data, off.saturating_add(2)).map(|v| self.number(xf, rk(v))),
                            )?;
                        }
                    }
                }
                // LABELSST: a shared string.
                0x00FD => {
                    let text = u32_at(data, 6).and_then(|i| self.strings.get(usize_of(i))).cloned();
                    push(place(), Some(Data::String(text.unwrap_or_default())))?;
                }
                // LABEL and RSTRING: a string of the cell's own.
                0x0204 | 0x00D6 => push(place(), short_string(data, 6, true).map(Data::String))?,
                // BOOLERR
                0x0205 => {
                    let v = match (data.get(6), data.get(7)) {
                        (Some(&b), Some(0)) => Some(Data::Bool(b != 0)),
                        (Some(&e), Some(_)) => Some(Data::Error(error(e))),
                        _ => None,
                    };
                    push(place(), v)?;
                }
                // FORMULA: the value it last gave, saved with it.
                0x0006 => {
                    text_formula = None;
                    let tag = u16_at(data, 12);
                    let v = if tag == Some(0xFFFF) {
                        match data.get(6) {
                            Some(0) => {
                                text_formula = place();
                                None
                            }
                            Some(1) => data.get(8).map(|&b| Data::Bool(b != 0)),
                            Some(2) => data.get(8).map(|&e| Data::Error(error(e))),
                            _ => None,
                        }
                    } else {
                        f64_at(data, 6).map(|v| self.number(xf, v))
                    };
                    push(place(), v)?;
                }
                // STRING: the text a formula gave (after its FORMULA record).
                0x0207 => {
                    if let Some(at) = text_formula.take() {
                        let count = usize::from(u16_at(data, 0).unwrap_or(0));
                        let mut p = Pieces::new(s, data, next);
                        p.skip(2);
                        push(Some(at), p.string(count).map(Data::String))?;
                    }
                }
                // MERGEDCELLS
                0x00E5 => {
                    let n = usize::from(u16_at(data, 0).unwrap_or(0));
                    for i in 0..n {
                        let off = 2usize.saturating_add(i.saturating_mul(8));
                        let r = |k: usize| u16_at(data, off.saturating_add(k)).map(u32::from);
                        if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (r(0), r(2), r(4), r(6)) {
                            merges.push(Dimensions { start: (r0, c0), end: (r1, c1) });
                        }
                    }
                }
                _ => {}
            }
        }
        self.budget = self.budget.saturating_sub(at.saturating_sub(start));
        Ok((cells, merges))
    }
}

/// A compound file of 512-byte sectors holding `stream` as its `Workbook` (filled out to 4,096
/// bytes at least, so that it is not a small stream; at most 109 sectors of allocation table,
/// about 7 MB): what the tests and the fuzzer wrap the BIFF records they write in.
pub fn compound_file(stream: &[u8]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let n32 = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let mut data = stream.get(..109 * 127 * 512).unwrap_or(stream).to_vec();
    let size = data.len().max(4096);
    data.resize(size.div_ceil(512).saturating_mul(512), 0);
    let n = data.len() / 512;
    // The allocation table's own sectors, then the directory's, then the stream's.
    let fat_sectors = n.saturating_add(2).div_ceil(128);
    let (dir, first) = (fat_sectors, fat_sectors.saturating_add(1));
    let last = first.saturating_add(n);
    let mut out = SIGNATURE.to_vec();
    out.resize(0x18, 0);
    for v in [0x3Eu16, 3, 0xFFFE, 9, 6] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.resize(0x2C, 0);
    for v in [n32(fat_sectors), n32(dir), 0, 4096, END, 0, END, 0] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for i in 0..109 {
        out.extend_from_slice(&(if i < fat_sectors { n32(i) } else { FREE }).to_le_bytes());
    }
    for i in 0..fat_sectors.saturating_mul(128) {
        let next = match i {
            _ if i < fat_sectors => 0xFFFF_FFFD,
            _ if i == dir || i.saturating_add(1) == last => END,
            _ if i >= first && i < last => n32(i.saturating_add(1)),
            _ => FREE,
        };
        out.extend_from_slice(&next.to_le_bytes());
    }
    for (name, kind, start, len) in [("Root Entry", 5u8, END, 0), ("Workbook", 2, n32(first), n32(size))] {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(0x40, 0);
        let name_len = u16::try_from(name.len().saturating_add(1).saturating_mul(2)).unwrap_or(0);
        entry.extend_from_slice(&name_len.to_le_bytes());
        entry.extend_from_slice(&[kind, 1]);
        for _ in 0..3 {
            entry.extend_from_slice(&FREE.to_le_bytes());
        }
        entry.resize(0x74, 0);
        entry.extend_from_slice(&start.to_le_bytes());
        entry.extend_from_slice(&len.to_le_bytes());
        entry.resize(128, 0);
        out.extend_from_slice(&entry);
    }
    out.resize(out.len().saturating_add(256), 0);
    out.extend_from_slice(&data);
    out
}

/// A cell error's code (MS-XLS 2.5.10).
fn error(code: u8) -> CellErrorType {
    match code {
        0x00 => CellErrorType::Null,
        0x07 => CellErrorType::Div0,
        0x0F => CellErrorType::Value,
        0x17 => CellErrorType::Ref,
        0x1D => CellErrorType::Name,
        0x24 => CellErrorType::Num,
        0x2A => CellErrorType::NA,
        _ => CellErrorType::GettingData,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn rk_numbers() {
        // 1250 as an integer; 599.99 as hundredths; 0.5 as a double's high bits.
        assert_eq!(rk((1250 << 2) | 0x02), 1250.0);
        assert_eq!(rk((59999 << 2) | 0x03), 599.99);
        assert_eq!(rk((0.5f64.to_bits() >> 32) as u32), 0.5);
        assert_eq!(rk(((-3i32 << 2) as u32) | 0x02), -3.0);
    }

    #[test]
    fn date_formats() {
        assert!(is_date_format(14, None));
        assert!(!is_date_format(2, None));
        assert!(is_date_format(180, Some("yyyy\"年\"m\"月\"d\"日\"")));
        assert!(is_date_format(180, Some("[$-804]yyyy/m/d")));
        assert!(!is_date_format(180, Some("0.00\"万元\"")));
        assert!(!is_date_format(180, Some("#,##0_);[Red]\\(#,##0\\)")));
    }

    #[test]
    fn a_string_continued_in_the_next_record_changes_its_width_there() {
        // "ab" in one byte a character, then "中" two bytes a character after a new options byte.
        let first: &[u8] = &[0x00, b'a', b'b'];
        let cont: &[u8] = &[0x01, 0x2D, 0x4E];
        let mut p = Pieces { pieces: vec![first, cont], piece: 0, at: 0 };
        assert_eq!(p.string(3).as_deref(), Some("ab中"));
        let mut p = Pieces { pieces: vec![first], piece: 0, at: 0 };
        assert_eq!(p.string(3), None);
    }

    #[test]
    fn what_is_not_a_compound_file_is_refused() {
        assert!(XlsBook::open(b"").is_err());
        assert!(XlsBook::open(b"PK\x03\x04").unwrap_err().en.contains("not an Excel 97"));
        let mut b = SIGNATURE.to_vec();
        b.resize(512, 0);
        let e = XlsBook::open(&b).unwrap_err();
        assert!(e.en.contains("damaged") && e.zh.starts_with("工作簿已损坏，无法读取（"), "{e:?}");
        assert_eq!((e.message(true), e.to_string().as_str()), (e.en.as_str(), e.en.as_str()));
    }
}
