import ArgumentParser
import Training

/// The data file and its columns, shared by `train` and `evaluate`.
struct DataOptions: ParsableArguments {
    @Option(help: "Labelled data: CSV, TSV (.tsv) or JSON lines (.jsonl) for --task sentence; CoNLL token<TAB>tag lines for --task token.")
    var data: String

    @Option(name: .customLong("text-column"), help: "Column (or JSON member) holding the text (default: text).")
    var textColumn: String?

    @Option(name: .customLong("pair-column"), help: "Column holding a second text, encoded as a pair.")
    var pairColumn: String?

    @Option(name: .customLong("label-column"), help: "Column holding the label (default: label).")
    var labelColumn: String?

    /// The columns, falling back to `defaults` (a head's) for those not given.
    func columns(defaults: DataColumns = DataColumns()) -> DataColumns {
        DataColumns(text: textColumn ?? defaults.text, pair: pairColumn ?? defaults.pair, label: labelColumn ?? defaults.label)
    }
}
