# Tests of the posterior module (dpsi/posterior) and its checks.
dpsi_add_test(posterior_samplers_test SOURCES posterior/posterior_samplers_test.cc LABELS "lemma:R.5;lemma:B.2;lemma:E.1;statistical")
