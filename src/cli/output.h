/* output.h — the command line's output files and stdout: every write checked when flushed and closed. */
#ifndef TENVM_OUTPUT_H
#define TENVM_OUTPUT_H

#include <stdio.h>

/* Close f, written as `name`: 0, or EXIT_FAILURE_ after saying that a write
 * failed (any write since it was opened, or the close itself). */
int cli_fclose(FILE *f, const char *name);

/* At the end of the command: flush and close stdout.  Returns status, or
 * EXIT_FAILURE_ after a message if anything written to stdout was lost. */
int cli_finish_stdout(int status);

#endif
