# Draws the translation-invariance chart from main.c's table: gnuplot -e "data='t.tsv'; out='t.png'" plot.gp
set terminal pngcairo size 800,500 font ",11"
set output out
set title "Translation invariance from pooling (Fashion-MNIST)"
set xlabel "shift (pixels)"
set ylabel "relative change of the features"
set key top left
set grid
set xtics 1
plot for [net=2:4] data using 1:net with linespoints linewidth 2 pointtype 7 title columnheader(net)
