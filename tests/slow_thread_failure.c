/* Preloaded into `pywarden serve` and `worker` by their tests: a thread that cannot be
 * created is reported 1 s late, as when the creating thread is not scheduled for that long
 * on a loaded machine, so that the threads already started get to finish their work first. */
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

typedef int create_fn(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
    create_fn *real = (create_fn *)dlsym(RTLD_NEXT, "pthread_create");
    int rc = real ? real(thread, attr, start, arg) : 11 /* EAGAIN */;
    if (rc != 0) sleep(1);
    return rc;
}
