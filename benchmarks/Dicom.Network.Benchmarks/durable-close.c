// LD_PRELOAD shim for the C-STORE comparison: storescp has no fsync option, so this makes every regular file a program
// wrote durable when it closes it, as a durable receiver must before it answers success: flush, fdatasync of the file,
// then fsync of its folder (the new directory entry; storescp writes under the final name). Benchmark use only.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void make_durable(int fd)
{
    struct stat st;
    int mode = fcntl(fd, F_GETFL);
    if (mode < 0 || (mode & O_ACCMODE) == O_RDONLY || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    if (fdatasync(fd) != 0) { perror("durable-close: fdatasync"); abort(); }
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = 0;
    if (getenv("DURABLE_CLOSE_DEBUG")) fprintf(stderr, "durable-close: %s\n", path);
    int dir = open(dirname(path), O_RDONLY | O_DIRECTORY);
    if (dir < 0 || fsync(dir) != 0) { perror("durable-close: fsync folder"); abort(); }
    close(dir);
}

int fclose(FILE *stream)
{
    static int (*real)(FILE *);
    if (!real) real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
    if (stream && fflush(stream) == 0) make_durable(fileno(stream));
    return real(stream);
}

int close(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "close");
    make_durable(fd);
    return real(fd);
}
