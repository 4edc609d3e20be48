# A.6:network-size-and-weights: the C.4/C.7 networks' unit counts, depths and weights against the
# spec's formulas, and its false-bound twins.
dpsi_add_test(network_size_checks_test SOURCES relu/network_size_checks_test.cc LABELS "lemma:A.6;exact")
