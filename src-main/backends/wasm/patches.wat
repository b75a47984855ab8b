;; im2col and col2im for the convolution products on the WebAssembly gemm (backends/cpu/conv-engine.ts):
;; the same loops as backends/cpu/im2col.ts (im2colRows, col2imRows), over operands that already
;; live in the gemm's linear memory (this module imports it), moving four floats per vector
;; instruction. NHWC, any stride, padding and dilation; a chunk is `rows` consecutive global output
;; rows gr = b·outH + oh.
;;   im2col  cols[m·patch + (kh·kW + kw)·inC + ci] = x at the input pixel output pixel m sees
;;           through (kh, kw), 0 in the padding
;;   col2im  dx[input pixel, ci] += cols[m, (kh, kw, ci)] (its adjoint; padding entries dropped)
;; im2col runs row → kh → output pixel (copies: any order gives the same cols); col2im runs in
;; im2col.ts's order, so its sums round as the JS loop's. Addresses are bytes; x, cols and dx must
;; not overlap. Geometry is passed as i32 parameters in the order of col2im's comment below.
(module
  (import "env" "memory" (memory 1))

  ;; dst[0 .. n) = src[0 .. n), floats; four at a time, then one at a time.
  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
      (v128.store align=4 (local.get $dst) (v128.load align=4 (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (br $vloop)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (f32.store (local.get $dst) (f32.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (br $loop))))

  ;; dst[0 .. n) += src[0 .. n), floats.
  (func $addTo (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
      (v128.store align=4 (local.get $dst)
        (f32x4.add (v128.load align=4 (local.get $dst)) (v128.load align=4 (local.get $src))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (br $vloop)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (br $loop))))

  ;; col2im over a chunk: each patch run of cols added onto dx (padding entries dropped), in the
  ;; order of im2col.ts's col2imRows (row → output pixel → kh → kw), so the sums round alike.
  ;; Geometry: inH inW inC outH outW kH kW strideH strideW dilationH dilationW padTop padLeft, then
  ;; the chunk: row0 rows.
  (func (export "col2im") (param $cols i32) (param $dx i32)
    (param $inH i32) (param $inW i32) (param $inC i32) (param $outH i32) (param $outW i32)
    (param $kH i32) (param $kW i32) (param $sH i32) (param $sW i32) (param $dH i32) (param $dW i32)
    (param $padT i32) (param $padL i32) (param $row0 i32) (param $rows i32)
    (local $d i32) (local $r i32) (local $gr i32) (local $b i32) (local $oh i32) (local $ow i32)
    (local $iw0 i32) (local $whole i32) (local $kh i32) (local $ih i32) (local $rowBase i32)
    (local $kw i32) (local $iw i32) (local $runW i32) (local $runBytes i32) (local $cBytes i32)
    (local.set $runW (i32.mul (local.get $kW) (local.get $inC)))
    (local.set $runBytes (i32.shl (local.get $runW) (i32.const 2)))
    (local.set $cBytes (i32.shl (local.get $inC) (i32.const 2)))
    (local.set $d (local.get $cols))
    (local.set $r (i32.const 0))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $gr (i32.add (local.get $row0) (local.get $r)))
      (local.set $b (i32.div_u (local.get $gr) (local.get $outH)))
      (local.set $oh (i32.sub (local.get $gr) (i32.mul (local.get $b) (local.get $outH))))
      (local.set $ow (i32.const 0))
      (block $wdone (loop $wloop
        (br_if $wdone (i32.ge_s (local.get $ow) (local.get $outW)))
        (local.set $iw0 (i32.sub (i32.mul (local.get $ow) (local.get $sW)) (local.get $padL)))
        ;; unit dilation and the whole filter width inside the image: one run of kW·inC floats per kh
        (local.set $whole (i32.and (i32.eq (local.get $dW) (i32.const 1))
          (i32.and (i32.ge_s (local.get $iw0) (i32.const 0))
                   (i32.le_s (i32.add (local.get $iw0) (local.get $kW)) (local.get $inW)))))
        (local.set $kh (i32.const 0))
        (block $hdone (loop $hloop
          (br_if $hdone (i32.ge_s (local.get $kh) (local.get $kH)))
          (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sH)) (local.get $padT))
                                  (i32.mul (local.get $kh) (local.get $dH))))
          ;; a patch row above or below the image adds nothing
          (if (i32.and (i32.ge_s (local.get $ih) (i32.const 0)) (i32.lt_s (local.get $ih) (local.get $inH)))
            (then
              (local.set $rowBase (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $ih)) (local.get $inW)))
              (if (local.get $whole)
                (then
                  (call $addTo (i32.add (local.get $dx)
                    (i32.shl (i32.mul (i32.add (local.get $rowBase) (local.get $iw0)) (local.get $inC)) (i32.const 2)))
                    (local.get $d) (local.get $runW)))
                (else
                  (local.set $kw (i32.const 0))
                  (block $kdone (loop $kloop
                    (br_if $kdone (i32.ge_s (local.get $kw) (local.get $kW)))
                    (local.set $iw (i32.add (local.get $iw0) (i32.mul (local.get $kw) (local.get $dW))))
                    (if (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $inW)))
                      (then
                        (call $addTo (i32.add (local.get $dx)
                          (i32.shl (i32.mul (i32.add (local.get $rowBase) (local.get $iw)) (local.get $inC)) (i32.const 2)))
                          (i32.add (local.get $d) (i32.mul (local.get $kw) (local.get $cBytes))) (local.get $inC))))
                    (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                    (br $kloop)))))))
          (local.set $d (i32.add (local.get $d) (local.get $runBytes)))
          (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
          (br $hloop)))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $wloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; im2col on its own loop order, row → kh → ow, so that the work per patch run is the copy and a
  ;; few additions (the shared loop above recomputes the input address per pixel and kh, which
  ;; costs more than the copy itself for short runs: 3 floats for a 3×3 filter over grey images).
  ;; Pure copies, so the order changes no value.
  (func (export "im2col") (param $x i32) (param $cols i32)
    (param $inH i32) (param $inW i32) (param $inC i32) (param $outH i32) (param $outW i32)
    (param $kH i32) (param $kW i32) (param $sH i32) (param $sW i32) (param $dH i32) (param $dW i32)
    (param $padT i32) (param $padL i32) (param $row0 i32) (param $rows i32)
    (local $r i32) (local $gr i32) (local $b i32) (local $oh i32) (local $kh i32) (local $ih i32)
    (local $rowCols i32) (local $dst i32) (local $dEnd i32) (local $rowX i32) (local $ow i32) (local $iw0 i32)
    (local $kw i32) (local $iw i32) (local $src i32) (local $to i32) (local $end i32)
    (local $runBytes i32) (local $cBytes i32) (local $patchBytes i32) (local $srcStep i32)
    (local.set $cBytes (i32.shl (local.get $inC) (i32.const 2)))
    (local.set $runBytes (i32.mul (local.get $kW) (local.get $cBytes)))
    (local.set $patchBytes (i32.mul (local.get $kH) (local.get $runBytes)))
    (local.set $srcStep (i32.mul (local.get $sW) (local.get $cBytes)))
    (local.set $r (i32.const 0))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $gr (i32.add (local.get $row0) (local.get $r)))
      (local.set $b (i32.div_u (local.get $gr) (local.get $outH)))
      (local.set $oh (i32.sub (local.get $gr) (i32.mul (local.get $b) (local.get $outH))))
      (local.set $rowCols (i32.add (local.get $cols) (i32.mul (i32.mul (local.get $r) (local.get $outW)) (local.get $patchBytes))))
      (local.set $kh (i32.const 0))
      (block $hdone (loop $hloop
        (br_if $hdone (i32.ge_s (local.get $kh) (local.get $kH)))
        (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sH)) (local.get $padT))
                                (i32.mul (local.get $kh) (local.get $dH))))
        ;; this kh's run of output pixel 0; pixel ow's is patchBytes further per ow
        (local.set $dst (i32.add (local.get $rowCols) (i32.mul (local.get $kh) (local.get $runBytes))))
        (local.set $dEnd (i32.add (local.get $dst) (i32.mul (local.get $outW) (local.get $patchBytes))))
        (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $inH)))
          (then
            ;; a patch row above or below the image: zeros
            (block $zdone (loop $zloop
              (br_if $zdone (i32.ge_u (local.get $dst) (local.get $dEnd)))
              (memory.fill (local.get $dst) (i32.const 0) (local.get $runBytes))
              (local.set $dst (i32.add (local.get $dst) (local.get $patchBytes)))
              (br $zloop))))
          (else
            (local.set $rowX (i32.add (local.get $x)
              (i32.mul (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $ih)) (local.get $inW)) (local.get $cBytes))))
            (local.set $iw0 (i32.sub (i32.const 0) (local.get $padL)))
            (local.set $src (i32.add (local.get $rowX) (i32.mul (local.get $iw0) (local.get $cBytes))))
            (block $wdone (loop $wloop
              (br_if $wdone (i32.ge_u (local.get $dst) (local.get $dEnd)))
              (if (i32.and (i32.eq (local.get $dW) (i32.const 1))
                    (i32.and (i32.ge_s (local.get $iw0) (i32.const 0))
                             (i32.le_s (i32.add (local.get $iw0) (local.get $kW)) (local.get $inW))))
                (then
                  ;; the whole filter width inside the image: one run of kW·inC floats, copied inline
                  (local.set $end (i32.add (local.get $dst) (local.get $runBytes)))
                  (local.set $to (local.get $dst))
                  (local.set $kw (local.get $src))
                  (block $vdone (loop $vloop
                    (br_if $vdone (i32.gt_u (i32.add (local.get $to) (i32.const 16)) (local.get $end)))
                    (v128.store align=4 (local.get $to) (v128.load align=4 (local.get $kw)))
                    (local.set $to (i32.add (local.get $to) (i32.const 16)))
                    (local.set $kw (i32.add (local.get $kw) (i32.const 16)))
                    (br $vloop)))
                  (block $sdone (loop $sloop
                    (br_if $sdone (i32.ge_u (local.get $to) (local.get $end)))
                    (f32.store (local.get $to) (f32.load (local.get $kw)))
                    (local.set $to (i32.add (local.get $to) (i32.const 4)))
                    (local.set $kw (i32.add (local.get $kw) (i32.const 4)))
                    (br $sloop))))
                (else
                  ;; at the image's left or right edge (or dilated): pixel by pixel, zeros outside
                  (local.set $kw (i32.const 0))
                  (block $kdone (loop $kloop
                    (br_if $kdone (i32.ge_s (local.get $kw) (local.get $kW)))
                    (local.set $iw (i32.add (local.get $iw0) (i32.mul (local.get $kw) (local.get $dW))))
                    (if (i32.or (i32.lt_s (local.get $iw) (i32.const 0)) (i32.ge_s (local.get $iw) (local.get $inW)))
                      (then (memory.fill (i32.add (local.get $dst) (i32.mul (local.get $kw) (local.get $cBytes)))
                                         (i32.const 0) (local.get $cBytes)))
                      (else (call $copy (i32.add (local.get $dst) (i32.mul (local.get $kw) (local.get $cBytes)))
                              (i32.add (local.get $rowX) (i32.mul (local.get $iw) (local.get $cBytes))) (local.get $inC))))
                    (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                    (br $kloop)))))
              (local.set $dst (i32.add (local.get $dst) (local.get $patchBytes)))
              (local.set $iw0 (i32.add (local.get $iw0) (local.get $sW)))
              (local.set $src (i32.add (local.get $src) (local.get $srcStep)))
              (br $wloop)))))
        (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
        (br $hloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

)
