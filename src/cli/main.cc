// dpsi: the command-line front end (CLI11). Errors are one line on stderr with exit code 2.
#include "cli/command_line.h"

int main(int argc, char** argv) { return dpsi::cli::run_command_line(argc, argv); }
