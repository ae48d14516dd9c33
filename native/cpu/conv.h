#ifndef TSGAN_CONV_H
#define TSGAN_CONV_H
#endif
