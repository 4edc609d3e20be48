// File: dpsi/peers/linear_measurement.h
// The inverse problem every practical sampler solves: y = A x0 + sigma_y xi, xi ~ N(0, I_m), A an
// m x d matrix (row-major). The hard instance has A = [0 | I_m] (spec A.5); the easy instance a
// random A with sorted uniform singular values (easy_instance.h).
//
// Linear algebra is hand-written because it is only ever m x m with m <= 256 (solves with
// c A A^T + s I by Cholesky on the cached Gram matrix A A^T, O(m^3) per solve, m <= 16 in practice)
// and matrix-vector products; a dependency (Eigen) would add nothing the project checks.
#pragma once

#include <span>
#include <vector>

namespace dpsi::peers {

class LinearMeasurement {
 public:
  // Throws std::invalid_argument unless 1 <= m <= 256, d >= 1, matrix has m*d finite entries, y has m
  // finite entries and sigma_y > 0 is finite.
  LinearMeasurement(int m, int d, std::vector<double> matrix, std::vector<double> y, double sigma_y);
  // A = [0 | I_m] with d = n + m (the hard instance's measurement).
  static LinearMeasurement coordinate_selection(int n, int m, std::vector<double> y, double sigma_y);

  int m() const { return m_; }
  int d() const { return d_; }
  const std::vector<double>& matrix() const { return matrix_; }
  const std::vector<double>& y() const { return y_; }
  double sigma_y() const { return sigma_y_; }

  std::vector<double> apply(std::span<const double> x) const;            // A x (m entries)
  std::vector<double> apply_transpose(std::span<const double> r) const;  // A^T r (d entries)
  std::vector<double> residual(std::span<const double> x) const;         // y - A x
  // (c A A^T + s I_m)^{-1} r for c >= 0, s > 0 (the matrix is then positive definite).
  std::vector<double> solve_shifted_gram(double c, double s, std::span<const double> r) const;

 private:
  int m_;
  int d_;
  std::vector<double> matrix_;
  std::vector<double> y_;
  double sigma_y_;
  std::vector<double> gram_;  // A A^T, m x m
};

}  // namespace dpsi::peers
