# Sources of the instance module (dpsi/instance/*), added to dpsi_core.
