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

void printSummary(const ImportedModel &model, llvm::raw_ostream &os) {
  // Columns start where Keras 2 starts them; a long entry pushes the rest of
  // its row right by as little as it must, as Keras' wrapping would not.
  constexpr size_t shapeColumn = 29, paramColumn = 55, totalWidth = 65;
  std::string rule(totalWidth, '_'), doubleRule(totalWidth, '=');
  auto row = [&](const std::string &a, const std::string &b,
                 const std::string &c) {
    std::string line = a;
    line.resize(std::max(line.size() + 1, shapeColumn), ' ');
    line += b;
    line.resize(std::max(line.size() + 1, paramColumn), ' ');
    os << line << c << "\n";
  };
  os << "Model: \"" << model.modelName << "\"\n" << rule << "\n";
  row("Layer (type)", "Output Shape", "Param #");
  os << doubleRule << "\n";
  int64_t trainable = 0, nonTrainable = 0;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const LayerSummary &layer = model.layers[i];
    int64_t params = layer.trainableParams + layer.nonTrainableParams;
    trainable += layer.trainableParams;
    nonTrainable += layer.nonTrainableParams;
    row(layer.name + " (" + layer.className + ")", kerasShape(layer.outputType),
        std::to_string(params));
    os << (i + 1 == model.layers.size() ? doubleRule : rule) << "\n";
  }
  os << "Total params: " << withThousands(trainable + nonTrainable) << "\n"
     << "Trainable params: " << withThousands(trainable) << "\n"
     << "Non-trainable params: " << withThousands(nonTrainable) << "\n"
     << rule << "\n";
}

} // namespace cnnc
