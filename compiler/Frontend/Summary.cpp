// Keras' model.summary() table for an imported model.
#include "Frontend/Summary.h"

#include <algorithm>

namespace cnnc {

std::string withThousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

/// "(None, 26, 26, 32)"
static std::string kerasShape(mlir::RankedTensorType type) {
  std::string s = "(";
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (i)
      s += ", ";
    s += type.isDynamicDim(i) ? "None" : std::to_string(type.getDimSize(i));
  }
  return s + ")";
}

namespace {
/// Keras 2's table: columns at fixed positions; an entry longer than its
/// column pushes the rest of its row right by as little as it must.
class Table {
public:
  Table(llvm::raw_ostream &os, std::vector<size_t> columns, size_t width)
      : os(os), columns(std::move(columns)), width(width) {}

  void row(const std::vector<std::string> &cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0)
        line.resize(std::max(line.size() + 1, columns[i - 1]), ' ');
      line += cells[i];
    }
    os << line << "\n";
  }
  void rule(char c) { os << std::string(width, c) << "\n"; }

private:
  llvm::raw_ostream &os;
  std::vector<size_t> columns; // where columns 2, 3, ... start
  size_t width;
};

/// "['conv2d[0][0]', 'add[0][0]']", as Keras 2 names a layer's inputs.
std::string connections(const std::vector<std::string> &inbound) {
  std::string s = "[";
  for (size_t i = 0; i < inbound.size(); ++i)
    s += (i ? ", '" : "'") + inbound[i] + "[0][0]'";
  return s + "]";
}
} // namespace

void printSummary(const ImportedModel &model, llvm::raw_ostream &os) {
  bool graph = model.functional;
  Table table = graph ? Table(os, {32, 53, 65}, 98) : Table(os, {29, 55}, 65);
  auto cells = [&](std::string layer, std::string shape, int64_t params,
                   const std::vector<std::string> &inbound) {
    std::vector<std::string> row = {std::move(layer), std::move(shape),
                                    std::to_string(params)};
    if (graph)
      row.push_back(connections(inbound));
    return row;
  };
  os << "Model: \"" << model.modelName << "\"\n";
  table.rule('_');
  std::vector<std::string> header = {"Layer (type)", "Output Shape", "Param #"};
  if (graph)
    header.push_back("Connected to");
  table.row(header);
  table.rule('=');
  if (graph) {
    table.row(cells(model.inputName + " (InputLayer)",
                    "[" + kerasShape(model.inputType) + "]", 0, {}));
    table.rule('_');
  }
  int64_t trainable = 0, nonTrainable = 0;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const LayerSummary &layer = model.layers[i];
    trainable += layer.trainableParams;
    nonTrainable += layer.nonTrainableParams;
    table.row(cells(layer.name + " (" + layer.className + ")",
                    kerasShape(layer.outputType),
                    layer.trainableParams + layer.nonTrainableParams,
                    layer.inbound));
    table.rule(i + 1 == model.layers.size() ? '=' : '_');
  }
  os << "Total params: " << withThousands(trainable + nonTrainable) << "\n"
     << "Trainable params: " << withThousands(trainable) << "\n"
     << "Non-trainable params: " << withThousands(nonTrainable) << "\n";
  table.rule('_');
}

} // namespace cnnc
