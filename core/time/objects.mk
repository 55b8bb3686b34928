# core/time: timer events
obj-y += core/time/timer_queue.o
