/* output.c — the command line's output files and stdout: every write checked when flushed and closed. */
#include <errno.h>
#include <string.h>
#include "output.h"
#include "session.h"

int cli_fclose(FILE *f, const char *name)
{
	errno = 0;
	int lost = fflush(f) != 0 || ferror(f);
	int err = errno;
	if (fclose(f) != 0 && !lost && errno != EBADF) {   /* EBADF: a stdout closed, and unused */
		lost = 1;
		err = errno;
	}
	if (!lost)
		return 0;
	fprintf(stderr, "tenvm: cannot write %s: %s\n", name, err ? strerror(err) : "write error");
	return EXIT_FAILURE_;
}

int cli_finish_stdout(int status)
{
	return cli_fclose(stdout, "the standard output") ? EXIT_FAILURE_ : status;
}
