// A model's weights from a Keras HDF5 file: Keras 2's layout (layer_names, weight_names) or Keras 3's (layers/<class>/vars/<i>).
#ifndef CNNC_FRONTEND_KERASH5WEIGHTS_H
#define CNNC_FRONTEND_KERASH5WEIGHTS_H

#include "Frontend/Hdf5File.h"
#include "Frontend/ModelSpec.h"
#include "Frontend/Weights.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

namespace cnnc {

/// Reads the weights under the group `root` of `file` for the layers of
/// `spec`, in whichever layout the group has:
/// - Keras 2 / tf.keras (`model.save("m.h5")`'s `model_weights` group, or a
///   `save_weights("w.h5")` file's root): the attribute `layer_names`, and
///   in each layer's group the attribute `weight_names` naming its datasets
///   ("conv2d/kernel:0"), matched by layer name;
/// - Keras 3 (`model.weights.h5` in a `.keras` archive, or
///   `save_weights("w.weights.h5")`): `layers/<class>/vars/0, 1, ...`, where
///   <class> is the layer's class in snake case numbered in the model's order
///   (conv2d, conv2d_1, ...) and the variables come in Keras' creation order.
/// `where` names the HDF5 file in messages when it is not the model file
/// itself ("model.weights.h5", inside a .keras); empty otherwise.
mlir::FailureOr<WeightStore> readKerasH5Weights(const Hdf5File &file, const std::string &root,
                                                const ModelSpec &spec, const std::string &where,
                                                mlir::Location fileLoc);

/// Keras' naming.to_snake_case: "MaxPooling2D" -> "max_pooling2d".
std::string kerasSnakeCase(const std::string &className);

} // namespace cnnc

#endif
