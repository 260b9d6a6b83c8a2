#ifndef CPCSC_SHIM_H
#define CPCSC_SHIM_H
// libpcsclite's PC/SC API (pcscd), as Debian's libpcsclite-dev installs it.
#include <PCSC/winscard.h>
#include <PCSC/pcsclite.h>
#include <PCSC/wintypes.h>
#endif
