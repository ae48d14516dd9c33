#ifndef TSGAN_POOL_CHECK_H
#define TSGAN_POOL_CHECK_H
/* Runs `jobs` small jobs through the pool; returns how many went wrong (0 when the pool is sound). */
long pool_check(long jobs);
#endif
