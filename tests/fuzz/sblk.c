/* sblk.c — fuzz target: the SBLK loader on any bytes, and its writer's round trip. */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_loader(data, size, sblk_parse, sblk_encode, "fuzz.sblk");
}
