;; Single-precision matrix product for the portable (WebAssembly SIMD) kernels:
;;   C[M, N] (+)= A[M, K] · Bᵀ   with A(i, k) at a + (i·rsA + k·csA)·4,  B(j, k) at b + (j·rsB + k·csB)·4,
;;                              C(i, j) at c + (i·ldc + j)·4              (all byte addresses in `memory`)
;; Strides instead of fixed layouts, so the callers' operands are read where they lie: A as rows
;; along K (im2col, dy rows: csA = 1) or as columns (Xᵀ in XᵀY, colsᵀ of the filter gradient:
;; rsA = 1); B as rows along K (filters, NT products) or as [K, N] rows (dy, plain products).
;;
;; Blocking (the usual BLIS loop nest, minus packing A):
;;   for each K block of KC = 256 and N block of NC = 256:
;;     pack B into panels of 8 columns, k-major: B̃[p][k][0..7] (zero-padded past N), ≤ 256 KiB in L2;
;;     for each 4-row strip of A (read in place: 4 streams, one float per row per k):
;;       for each 8-column panel: a 4×8 tile of C held in 8 f32x4 accumulators over the K block.
;; Per k the tile costs 2 vector loads of B̃, 4 broadcast loads of A and 8 multiply-adds.
;; (A 6×8 tile, 12 accumulators + 3 operands in x86-64's 16 SIMD registers, measured 10–60 %
;; slower under V8 on the convolutions' shapes: its register allocator spills.)
;; `f32x4.relaxed_madd` is a fused multiply-add where the CPU has one (relaxed SIMD); the build
;; script also emits a plain-SIMD variant (mul + add) for engines without relaxed SIMD.
;; Edges: rows past M read row i0 again and are not stored; columns past N multiply zeros and
;; are not stored. Partial tiles go through a 128-byte scratch tile at `pack`.
(module
  (memory (export "memory") 1)

  ;; Panels of B for columns j0 .. j0+nc-1 and depths k0 .. k0+kc-1 into dst:
  ;;   dst[((j >> 3)·kc + k)·8 + (j & 7)] = B(j0 + j, k0 + k), 0 for j ≥ nc (up to a multiple of 8).
  (func $packB (param $b i32) (param $rsB i32) (param $csB i32) (param $j0 i32) (param $nc i32)
               (param $k0 i32) (param $kc i32) (param $dst i32)
    (local $j i32) (local $k i32) (local $src i32) (local $d i32) (local $ncUp i32) (local $p i32)
    (local.set $ncUp (i32.and (i32.add (local.get $nc) (i32.const 7)) (i32.const -8)))
    ;; B stored as [K, N] rows (rsB = 1): whole panels are two vector copies per k.
    (if (i32.eq (local.get $rsB) (i32.const 1))
      (then
        (local.set $p (i32.const 0))
        (block $pdone (loop $ploop
          (br_if $pdone (i32.ge_u (i32.add (local.get $p) (i32.const 8)) (i32.add (local.get $nc) (i32.const 1))))
          (local.set $src (i32.shl (i32.add (i32.add (local.get $j0) (local.get $p))
                                            (i32.mul (local.get $k0) (local.get $csB))) (i32.const 2)))
          (local.set $src (i32.add (local.get $b) (local.get $src)))
          (local.set $d (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $p) (local.get $kc)) (i32.const 2))))
          (local.set $k (i32.const 0))
          (block $kdone (loop $kloop
            (br_if $kdone (i32.ge_u (local.get $k) (local.get $kc)))
            (v128.store offset=0 align=4 (local.get $d) (v128.load offset=0 align=4 (local.get $src)))
            (v128.store offset=16 align=4 (local.get $d) (v128.load offset=16 align=4 (local.get $src)))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $src (i32.add (local.get $src) (i32.shl (local.get $csB) (i32.const 2))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kloop)))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br $ploop)))
        ;; the partial last panel, if any, falls through to the column loop below
        (local.set $j (local.get $p)))
      (else (local.set $j (i32.const 0))))
    ;; Column by column: one column j of B along k (contiguous when csB = 1), written 32 bytes apart.
    (block $jdone (loop $jloop
      (br_if $jdone (i32.ge_u (local.get $j) (local.get $ncUp)))
      (local.set $d (i32.add (local.get $dst)
        (i32.shl (i32.add (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (i32.shl (local.get $kc) (i32.const 3)))
                          (i32.and (local.get $j) (i32.const 7))) (i32.const 2))))
      (local.set $k (i32.const 0))
      (if (i32.lt_u (local.get $j) (local.get $nc))
        (then
          (local.set $src (i32.add (local.get $b) (i32.shl
            (i32.add (i32.mul (i32.add (local.get $j0) (local.get $j)) (local.get $rsB))
                     (i32.mul (local.get $k0) (local.get $csB))) (i32.const 2))))
          (block $kdone (loop $kloop
            (br_if $kdone (i32.ge_u (local.get $k) (local.get $kc)))
            (f32.store (local.get $d) (f32.load (local.get $src)))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $src (i32.add (local.get $src) (i32.shl (local.get $csB) (i32.const 2))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kloop))))
        (else
          (block $zdone (loop $zloop
            (br_if $zdone (i32.ge_u (local.get $k) (local.get $kc)))
            (f32.store (local.get $d) (f32.const 0))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $zloop)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jloop))))

  ;; The product described at the top. `pack` points at 128 + 256·256·4 bytes of scratch
  ;; (16-byte aligned). Strides are in floats. K = 0 leaves C untouched (the caller zeroes it).
  (func (export "gemm")
    (param $M i32) (param $N i32) (param $K i32)
    (param $a i32) (param $rsA i32) (param $csA i32)
    (param $b i32) (param $rsB i32) (param $csB i32)
    (param $c i32) (param $ldc i32) (param $accumulate i32) (param $pack i32)
    (local $k0 i32) (local $kc i32) (local $j0 i32) (local $nc i32) (local $i0 i32) (local $mr i32)
    (local $jp i32) (local $nr i32) (local $acc i32) (local $panels i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $sa i32) (local $pb i32) (local $k i32)
    (local $ct i32) (local $r i32) (local $q i32) (local $s i32) (local $ldc4 i32) (local $rs4 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local.set $sa (i32.shl (local.get $csA) (i32.const 2)))
    (local.set $rs4 (i32.shl (local.get $rsA) (i32.const 2)))
    (local.set $ldc4 (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $panels (i32.add (local.get $pack) (i32.const 128)))
    (local.set $k0 (i32.const 0))
    (block $k0done (loop $k0loop
      (br_if $k0done (i32.ge_u (local.get $k0) (local.get $K)))
      (local.set $kc (select (i32.const 256) (i32.sub (local.get $K) (local.get $k0))
                             (i32.gt_u (i32.sub (local.get $K) (local.get $k0)) (i32.const 256))))
      ;; later K blocks add onto the partial sums the first one stored
      (local.set $acc (i32.or (local.get $accumulate) (i32.ne (local.get $k0) (i32.const 0))))
      (local.set $j0 (i32.const 0))
      (block $j0done (loop $j0loop
        (br_if $j0done (i32.ge_u (local.get $j0) (local.get $N)))
        (local.set $nc (select (i32.const 256) (i32.sub (local.get $N) (local.get $j0))
                               (i32.gt_u (i32.sub (local.get $N) (local.get $j0)) (i32.const 256))))
        (call $packB (local.get $b) (local.get $rsB) (local.get $csB) (local.get $j0) (local.get $nc)
                     (local.get $k0) (local.get $kc) (local.get $panels))
        (local.set $i0 (i32.const 0))
        (block $i0done (loop $i0loop
          (br_if $i0done (i32.ge_u (local.get $i0) (local.get $M)))
          (local.set $mr (select (i32.const 4) (i32.sub (local.get $M) (local.get $i0))
                                 (i32.gt_u (i32.sub (local.get $M) (local.get $i0)) (i32.const 4))))
          (local.set $p0 (i32.add (local.get $a) (i32.shl
            (i32.add (i32.mul (local.get $i0) (local.get $rsA)) (i32.mul (local.get $k0) (local.get $csA))) (i32.const 2))))
          (local.set $jp (i32.const 0))
          (block $jpdone (loop $jploop
            (br_if $jpdone (i32.ge_u (local.get $jp) (local.get $nc)))
            (local.set $nr (select (i32.const 8) (i32.sub (local.get $nc) (local.get $jp))
                                   (i32.gt_u (i32.sub (local.get $nc) (local.get $jp)) (i32.const 8))))
            ;; rows past M re-read row i0 (valid memory); their sums are dropped at the store
            (local.set $p1 (select (i32.add (local.get $p0) (local.get $rs4)) (local.get $p0) (i32.gt_u (local.get $mr) (i32.const 1))))
            (local.set $p2 (select (i32.add (local.get $p1) (local.get $rs4)) (local.get $p0) (i32.gt_u (local.get $mr) (i32.const 2))))
            (local.set $p3 (select (i32.add (local.get $p2) (local.get $rs4)) (local.get $p0) (i32.gt_u (local.get $mr) (i32.const 3))))
            (local.set $pb (i32.add (local.get $panels) (i32.shl (i32.mul (local.get $jp) (local.get $kc)) (i32.const 2))))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
            (local.set $k (local.get $kc))
            (loop $kloop
              (local.set $b0 (v128.load offset=0 (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $x (v128.load32_splat (local.get $p0)))
              (local.set $c00 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
              (local.set $c01 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
              (local.set $x (v128.load32_splat (local.get $p1)))
              (local.set $c10 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
              (local.set $c11 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
              (local.set $x (v128.load32_splat (local.get $p2)))
              (local.set $c20 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
              (local.set $c21 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
              (local.set $x (v128.load32_splat (local.get $p3)))
              (local.set $c30 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
              (local.set $c31 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
              (local.set $p0 (i32.add (local.get $p0) (local.get $sa)))
              (local.set $p1 (i32.add (local.get $p1) (local.get $sa)))
              (local.set $p2 (i32.add (local.get $p2) (local.get $sa)))
              (local.set $p3 (i32.add (local.get $p3) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $kloop (local.get $k)))
            ;; back to the start of the strip for the next panel
            (local.set $p0 (i32.sub (local.get $p0) (i32.mul (local.get $kc) (local.get $sa))))
            (local.set $ct (i32.add (local.get $c) (i32.shl
              (i32.add (i32.mul (local.get $i0) (local.get $ldc)) (i32.add (local.get $j0) (local.get $jp))) (i32.const 2))))
            (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 8)))
              (then
                (if (local.get $acc)
                  (then
                    (local.set $c00 (f32x4.add (local.get $c00) (v128.load offset=0 align=4 (local.get $ct))))
                    (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 align=4 (local.get $ct))))
                    (local.set $q (i32.add (local.get $ct) (local.get $ldc4)))
                    (local.set $c10 (f32x4.add (local.get $c10) (v128.load offset=0 align=4 (local.get $q))))
                    (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 align=4 (local.get $q))))
                    (local.set $q (i32.add (local.get $q) (local.get $ldc4)))
                    (local.set $c20 (f32x4.add (local.get $c20) (v128.load offset=0 align=4 (local.get $q))))
                    (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 align=4 (local.get $q))))
                    (local.set $q (i32.add (local.get $q) (local.get $ldc4)))
                    (local.set $c30 (f32x4.add (local.get $c30) (v128.load offset=0 align=4 (local.get $q))))
                    (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 align=4 (local.get $q))))))
                (v128.store offset=0 align=4 (local.get $ct) (local.get $c00))
                (v128.store offset=16 align=4 (local.get $ct) (local.get $c01))
                (local.set $q (i32.add (local.get $ct) (local.get $ldc4)))
                (v128.store offset=0 align=4 (local.get $q) (local.get $c10))
                (v128.store offset=16 align=4 (local.get $q) (local.get $c11))
                (local.set $q (i32.add (local.get $q) (local.get $ldc4)))
                (v128.store offset=0 align=4 (local.get $q) (local.get $c20))
                (v128.store offset=16 align=4 (local.get $q) (local.get $c21))
                (local.set $q (i32.add (local.get $q) (local.get $ldc4)))
                (v128.store offset=0 align=4 (local.get $q) (local.get $c30))
                (v128.store offset=16 align=4 (local.get $q) (local.get $c31)))
              (else
                ;; partial tile: through the scratch tile [4][8] at pack, then mr × nr scalars
                (v128.store offset=0 (local.get $pack) (local.get $c00))
                (v128.store offset=16 (local.get $pack) (local.get $c01))
                (v128.store offset=32 (local.get $pack) (local.get $c10))
                (v128.store offset=48 (local.get $pack) (local.get $c11))
                (v128.store offset=64 (local.get $pack) (local.get $c20))
                (v128.store offset=80 (local.get $pack) (local.get $c21))
                (v128.store offset=96 (local.get $pack) (local.get $c30))
                (v128.store offset=112 (local.get $pack) (local.get $c31))
                (local.set $r (i32.const 0))
                (block $rdone (loop $rloop
                  (br_if $rdone (i32.ge_u (local.get $r) (local.get $mr)))
                  (local.set $q (i32.add (local.get $ct) (i32.mul (local.get $r) (local.get $ldc4))))
                  (local.set $s (i32.add (local.get $pack) (i32.shl (local.get $r) (i32.const 5))))
                  (local.set $k (i32.const 0))
                  (block $cdone (loop $cloop
                    (br_if $cdone (i32.ge_u (local.get $k) (local.get $nr)))
                    (f32.store (local.get $q) (select
                      (f32.add (f32.load (local.get $q)) (f32.load (local.get $s)))
                      (f32.load (local.get $s))
                      (local.get $acc)))
                    (local.set $q (i32.add (local.get $q) (i32.const 4)))
                    (local.set $s (i32.add (local.get $s) (i32.const 4)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $cloop)))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br $rloop)))))
            (local.set $jp (i32.add (local.get $jp) (i32.const 8)))
            (br $jploop)))
          (local.set $i0 (i32.add (local.get $i0) (i32.const 4)))
          (br $i0loop)))
        (local.set $j0 (i32.add (local.get $j0) (i32.const 256)))
        (br $j0loop)))
      (local.set $k0 (i32.add (local.get $k0) (i32.const 256)))
      (br $k0loop))))
)
