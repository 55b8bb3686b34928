obj-y += core/sched/runqueue.o core/sched/sched.o core/sched/thread.o core/sched/waitqueue.o
