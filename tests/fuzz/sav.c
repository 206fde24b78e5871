/* sav.c — fuzz target: the SAV loader on any bytes, and its writer's round trip. */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_loader(data, size, sav_parse, sav_encode, "fuzz.sav");
}
