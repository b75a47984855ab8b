;; Element-wise passes of a training step on the gemm's memory, four floats per instruction, for
;; the portable kernels (backends/cpu/unary-kernels.ts, binary-kernels.ts, axis-reduce.ts and the
;; convolution epilogue call these through wasm-elementwise.ts). The JS loops they replace run at
;; about 1.5 ns a float; these move data at memory speed. Values are the stock kernels', bit for bit:
;;   relu        y = max(x, 0)                f32.max: NaN stays NaN, −0 gives +0 (Math.max(0, x))
;;   reluGrad    out = dy · s(x)              s = 1 for x > 0, 0 for x ≤ 0, NaN for NaN x
;;   biasAdd     y[r, c] += b[c]              one float32 addition, as the stock Add rounds it
;;   channelSums sums[c] += Σ_r x[r, c]       float64, rows in order (the stock Sum's order)
;; Addresses are bytes in the imported memory; n counts floats (rows for the per-channel passes).
;; The per-channel passes take C a multiple of 4 (wasm-elementwise.ts checks); sums are 16-byte
;; aligned, C float64s, zeroed by the caller.
(module
  (import "env" "memory" (memory 1))

  (func (export "relu") (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $vend i32) (local $zero v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $zero (f32x4.splat (f32.const 0)))
    (block $vdone (loop $vec
      (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
      (v128.store align=4 (local.get $y) (f32x4.max (v128.load align=4 (local.get $x)) (local.get $zero)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $vec)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (f32.store (local.get $y) (f32.max (f32.load (local.get $x)) (f32.const 0)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $y (i32.add (local.get $y) (i32.const 4)))
      (br $tail))))

  (func (export "reluGrad") (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
    (local $end i32) (local $vend i32) (local $zero v128) (local $one v128) (local $v v128) (local $s v128) (local $f f32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $zero (f32x4.splat (f32.const 0)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (block $vdone (loop $vec
      (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
      (local.set $v (v128.load align=4 (local.get $x)))
      ;; s = 1.0 where x > 0, else 0.0; where x is NaN, x itself (so the product is NaN)
      (local.set $s (v128.and (f32x4.gt (local.get $v) (local.get $zero)) (local.get $one)))
      (local.set $s (v128.bitselect (local.get $v) (local.get $s) (f32x4.ne (local.get $v) (local.get $v))))
      (v128.store align=4 (local.get $out) (f32x4.mul (v128.load align=4 (local.get $dy)) (local.get $s)))
      (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $vec)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $f (f32.load (local.get $x)))
      (f32.store (local.get $out)
        (f32.mul (f32.load (local.get $dy))
          (select (local.get $f)
            (select (f32.const 1) (f32.const 0) (f32.gt (local.get $f) (f32.const 0)))
            (f32.ne (local.get $f) (local.get $f)))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $tail))))

  (func (export "biasAdd") (param $y i32) (param $n i32) (param $C i32) (param $bias i32)
    (local $end i32) (local $row i32) (local $b i32)
    (local.set $end (i32.add (local.get $y) (i32.shl (i32.mul (local.get $n) (local.get $C)) (i32.const 2))))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
      (local.set $row (i32.add (local.get $y) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $b (local.get $bias))
      (block $cdone (loop $channels
        (br_if $cdone (i32.ge_u (local.get $y) (local.get $row)))
        (v128.store align=4 (local.get $y)
          (f32x4.add (v128.load align=4 (local.get $y)) (v128.load align=4 (local.get $b))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $channels)))
      (br $rows))))

  (func (export "channelSums") (param $x i32) (param $n i32) (param $C i32) (param $sums i32)
    (local $end i32) (local $row i32) (local $s i32) (local $v v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $n) (local.get $C)) (i32.const 2))))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $s (local.get $sums))
      (local.set $row (i32.add (local.get $x) (i32.shl (local.get $C) (i32.const 2))))
      (block $cdone (loop $channels
        (br_if $cdone (i32.ge_u (local.get $x) (local.get $row)))
        (local.set $v (v128.load align=4 (local.get $x)))
        (v128.store offset=0 (local.get $s)
          (f64x2.add (v128.load offset=0 (local.get $s)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $s)
          (f64x2.add (v128.load offset=16 (local.get $s))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $s (i32.add (local.get $s) (i32.const 32)))
        (br $channels)))
      (br $rows))))
)
