/* Keel's banner and build identification. */
#include <keel/version.h>

const char keel_banner[] =
	" _  __          _\n"
	"| |/ /___  ___ | |\n"
	"| ' // _ \\/ _ \\| |\n"
	"| . \\  __/  __/| |\n"
	"|_|\\_\\___|\\___||_|  type-1 hypervisor for RISC-V\n";

const char keel_build_info[] = "gcc " __VERSION__;
