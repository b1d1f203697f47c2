/// RFC 4180 CSV (or TSV) records: fields may be quoted with `"`, a quoted field may hold the delimiter,
/// newlines and doubled quotes. A quote inside an unquoted field, text after a closing quote, or a quote left
/// open at the end of the file are errors naming the line.
public struct DelimitedReader: Sendable {
    public let delimiter: UInt8
    public let file: String

    public init(delimiter: UInt8, file: String) {
        self.delimiter = delimiter
        self.file = file
    }

    /// Every record with the 1-based line it starts on; blank lines are skipped.
    public func records(_ bytes: [UInt8]) throws -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0, line = 1, recordLine = 1
        var quoted = false, afterQuote = false, fieldStarted = false
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        // Skip a UTF-8 byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == quote {
                    if index < bytes.count && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                endField()
            case newline:
                endRecord()
                line += 1
                recordLine = line
            case cr where index < bytes.count && bytes[index] == newline:
                continue
            case quote:
                guard !fieldStarted else {
                    throw TrainingDataError(file: file, line: line, "a quote (\") inside an unquoted field; quote the whole field and double inner quotes")
                }
                quoted = true
                fieldStarted = true
            default:
                guard !afterQuote else {
                    throw TrainingDataError(file: file, line: line, "text after the closing quote of a field")
                }
                fieldStarted = true
                field.append(byte)
            }
        }
        if quoted {
            throw TrainingDataError(file: file, line: recordLine, "a quoted field is never closed")
        }
        if fieldStarted || !fields.isEmpty || afterQuote { endRecord() }
        return records
    }
}
