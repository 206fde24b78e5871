/* backend.c — which bt backend new engines use: native x86-64 code where built, else threaded. */
#include <stdlib.h>
#include <string.h>
#include "tr.h"

static const struct tr_backend *chosen;

const struct tr_backend *tr_backend_named(const char *name)
{
	if (!strcmp(name, "threaded"))
		return &tr_threaded;
#ifdef TENVM_NATIVE
	if (!strcmp(name, "native"))
		return &tr_native;
#endif
	return NULL;
}

const struct tr_backend *tr_backend_default(void)
{
	if (chosen)
		return chosen;
	const char *env = getenv("TENVM_BACKEND");
	const struct tr_backend *b = env && *env ? tr_backend_named(env) : NULL;
	if (b)
		return b;
#ifdef TENVM_NATIVE
	return &tr_native;
#else
	return &tr_threaded;
#endif
}

void tr_backend_use(const struct tr_backend *b) { chosen = b; }

const char *tr_backend_names(void)
{
#ifdef TENVM_NATIVE
	return "native, threaded";
#else
	return "threaded";
#endif
}
