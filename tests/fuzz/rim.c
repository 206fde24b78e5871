/* rim.c — fuzz target: the RIM10B loader on any bytes, and its writer's round trip. */
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_loader(data, size, rim_parse, rim_encode, "fuzz.rim");
}
