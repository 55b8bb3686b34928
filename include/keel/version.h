/* Keel's version. */
#ifndef KEEL_VERSION_H
#define KEEL_VERSION_H
#define KEEL_VERSION_MAJOR	0
#define KEEL_VERSION_MINOR	1
#define KEEL_VERSION_STRING	"0.1.0"
extern const char keel_banner[];
extern const char keel_build_info[];
#endif
