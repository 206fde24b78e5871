/* asm.c — fuzz target: the assembler on any text (with its listing), and what it makes through SAV and back. */
#include <stdio.h>
#include "asm.h"
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		fz_fail("cannot open /dev/null");
	struct image *img = fz_image();
	int errs = asm_bytes("fuzz.mac", size ? (const char *)data : "", size, img, sink, sink);
	if (errs < 0)
		fz_fail("%d errors", errs);
	if (!errs)              /* a program: it goes through a SAV file unchanged */
		fz_round_trip(img, sav_parse, sav_encode, "fuzz.sav");
	return 0;
}
