/* rawtty.c — the host terminal in raw mode for the guest, always restored; Ctrl-C for the console. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "cpu.h"
#include "rawtty.h"

static struct termios saved;
static int tty_fd = -1;
static volatile sig_atomic_t is_raw;
static struct ev_hook *volatile int_hook;
static volatile sig_atomic_t int_pending;

static void restore(void)
{
	if (tty_fd >= 0 && is_raw) {
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
		is_raw = 0;
	}
}

/* A fatal signal: the terminal back, then the signal's default action. */
static void on_fatal(int sig)
{
	restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

int rawtty_init(int fd)
{
	if (!isatty(fd) || tcgetattr(fd, &saved))
		return 0;
	if (tty_fd < 0) {
		tty_fd = fd;
		atexit(restore);
		static const int fatal[] = { SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL };
		for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
			signal(fatal[i], on_fatal);
	}
	return 1;
}

void rawtty_raw(void)
{
	if (tty_fd < 0)
		return;
	struct termios t = saved;
	t.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON | ISTRIP | BRKINT);
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | IEXTEN);
	/* Keys that still signal: ^C (SIGINT) and ^E (SIGQUIT), both the
	 * console's; every other control character goes to the guest. */
	t.c_lflag |= ISIG;
	t.c_cc[VINTR] = 003;
	t.c_cc[VQUIT] = 005;
	t.c_cc[VSUSP] = _POSIX_VDISABLE;
#ifdef VDSUSP
	t.c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	is_raw = 1;
	tcsetattr(tty_fd, TCSAFLUSH, &t);
}

void rawtty_cooked(void)
{
	restore();
}

static void on_sigint(int sig)
{
	(void)sig;
	struct ev_hook *h = int_hook;
	if (!h || int_pending) {
		restore();
		_exit(130);
	}
	int_pending = 1;
	ev_stop(h);
}

void rawtty_sigint(struct ev_hook *h)
{
	int_hook = h;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h ? on_sigint : SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	if (tty_fd >= 0)
		sigaction(SIGQUIT, &sa, NULL);  /* ^E in raw mode */
}

int rawtty_interrupted(void)
{
	int was = int_pending;
	int_pending = 0;
	return was;
}
