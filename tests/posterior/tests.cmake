# Tests of the posterior module (dpsi/posterior) and its checks.
dpsi_add_test(posterior_samplers_test SOURCES posterior/posterior_samplers_test.cc LABELS "lemma:R.5;lemma:B.2;lemma:E.1;statistical")
dpsi_add_test(inversion_checks_test SOURCES posterior/inversion_checks_test.cc LABELS "lemma:B.2;lemma:A.6;lemma:R.5;statistical")
dpsi_add_test(rejection_checks_test SOURCES posterior/rejection_checks_test.cc LABELS "lemma:E.1;lemma:E.2;lemma:E.3;lemma:E.5;statistical")
dpsi_add_test(composition_checks_test SOURCES posterior/composition_checks_test.cc LABELS "lemma:D.A;lemma:D.B;exact")
