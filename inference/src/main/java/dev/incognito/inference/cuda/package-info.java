/**
 * The CUDA backend: the Llama-family forward pass on an NVIDIA GPU through the CUDA driver API
 * ({@code libcuda}) and NVRTC, both bound with JNA. The build needs neither nvcc nor a GPU: the
 * kernel sources ({@code *.cu} beside these classes) ship in the jar and NVRTC compiles them to PTX
 * for the device found at start.
 *
 * <p>Three thin layers: {@link dev.incognito.inference.cuda.CudaLibrary} and {@link
 * dev.incognito.inference.cuda.NvrtcLibrary} declare only the C functions called, with their C
 * names; {@link dev.incognito.inference.cuda.Cuda#check} turns any non-zero {@code CUresult} into a
 * {@link dev.incognito.inference.cuda.CudaException} carrying {@code cuGetErrorName}; typed {@code
 * AutoCloseable} handles ({@link dev.incognito.inference.cuda.Context}, {@link
 * dev.incognito.inference.cuda.DeviceBuffer}, {@link dev.incognito.inference.cuda.Stream}, {@link
 * dev.incognito.inference.cuda.Module}) free what they own when closed, never from a finalizer.
 * Libraries load on first use; {@link dev.incognito.inference.cuda.Cuda#available()} reports
 * whether a device can be used and why not.
 *
 * <p>{@link dev.incognito.inference.cuda.CudaForward} implements the engine's forward pass; {@link
 * dev.incognito.inference.cuda.MemoryPlan}, {@link dev.incognito.inference.cuda.LaunchGeometry} and
 * {@link dev.incognito.inference.cuda.WeightLayout} hold the host-side arithmetic (memory
 * accounting, grid sizes, block offsets) as plain values.
 */
package dev.incognito.inference.cuda;
