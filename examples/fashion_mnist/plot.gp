# Draws the training curves from train's history.csv: gnuplot -e "data='history.csv'; out='curves.png'" plot.gp
# (optionally peer='torch.csv' for PyTorch's curve under the same settings).
set terminal pngcairo size 900,500 font ",11"
set output out
set datafile separator ","
set title "The course notes' net on Fashion-MNIST, trained by a cnnc-compiled object"
set xlabel "epoch"
set ylabel "accuracy"
set key bottom right
set grid
set xtics 1
if (exists("peer")) {
  plot data using 1:3 with linespoints lw 2 pt 7 title "cnnc: training (10,000 images, after the epoch)", \
       data using 1:5 with linespoints lw 2 pt 7 title "cnnc: test", \
       peer using 1:5 with linespoints lw 2 pt 6 dt 2 title "PyTorch: test"
} else {
  plot data using 1:3 with linespoints lw 2 pt 7 title "training (10,000 images, after the epoch)", \
       data using 1:5 with linespoints lw 2 pt 7 title "test"
}
