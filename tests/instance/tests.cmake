# Tests of the instance module.
