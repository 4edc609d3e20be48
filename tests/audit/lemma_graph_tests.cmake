# The lemma dependency graph of the audit report (dpsi/audit/lemma_graph.h).
dpsi_add_test(lemma_graph_test SOURCES audit/lemma_graph_test.cc LABELS "audit;traceability")
