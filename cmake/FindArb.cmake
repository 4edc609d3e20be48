# FindArb: locates Arb 2.x (Debian 12: libflint-arb-dev) and the libraries it needs.
# Debian ships neither a pkg-config file nor a CMake config for Arb, hence this module.
#
# Defines the imported target Arb::Arb (arb.h include dir; links flint-arb, flint, mpfr, gmp;
# FLINT headers are included as <flint/...>)
# and the result variables Arb_FOUND, Arb_INCLUDE_DIR, Arb_LIBRARY.
include(FindPackageHandleStandardArgs)

find_path(Arb_INCLUDE_DIR NAMES arb.h PATH_SUFFIXES flint arb)
find_library(Arb_LIBRARY NAMES flint-arb arb)
find_library(Arb_FLINT_LIBRARY NAMES flint)
find_library(Arb_MPFR_LIBRARY NAMES mpfr)
find_library(Arb_GMP_LIBRARY NAMES gmp)
find_path(Arb_FLINT_INCLUDE_DIR NAMES flint/flint.h)

find_package_handle_standard_args(Arb
  REQUIRED_VARS Arb_LIBRARY Arb_INCLUDE_DIR Arb_FLINT_LIBRARY Arb_FLINT_INCLUDE_DIR
                Arb_MPFR_LIBRARY Arb_GMP_LIBRARY)

if(Arb_FOUND AND NOT TARGET Arb::Arb)
  add_library(Arb::Arb UNKNOWN IMPORTED)
  set_target_properties(Arb::Arb PROPERTIES
    IMPORTED_LOCATION "${Arb_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Arb_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${Arb_FLINT_LIBRARY};${Arb_MPFR_LIBRARY};${Arb_GMP_LIBRARY}")
endif()
mark_as_advanced(Arb_INCLUDE_DIR Arb_LIBRARY Arb_FLINT_LIBRARY Arb_FLINT_INCLUDE_DIR
                 Arb_MPFR_LIBRARY Arb_GMP_LIBRARY)
